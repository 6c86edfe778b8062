using Google.Protobuf;

namespace Mose.Integration.Tests.Support;

/// <summary>Parses the CLI's `--json` output (protobuf JSON).</summary>
public static class Json
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T Parse<T>(CliResult run)
        where T : IMessage<T>, new()
    {
        try
        {
            return Parser.Parse<T>(run.StdOut);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not a {typeof(T).Name} in JSON ({e.Message}): {run}");
        }
        catch (InvalidJsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not JSON ({e.Message}): {run}");
        }
    }
}
