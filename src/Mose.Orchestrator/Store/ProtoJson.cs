using Google.Protobuf;

namespace Mose.Orchestrator.Store;

/// <summary>Protobuf messages as the store keeps them: protobuf's own JSON, so that a field added to a
/// contract later reads back as its default from older rows, and fields unknown to this build are skipped.
/// </summary>
internal static class ProtoJson
{
    private static readonly JsonParser Parser =
        new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The message as JSON, or null for no message.</summary>
    public static string? Format(IMessage? message) =>
        message is null ? null : JsonFormatter.Default.Format(message);

    /// <summary>The message from JSON, or null for no JSON.</summary>
    public static T? Parse<T>(string? json) where T : IMessage<T>, new() =>
        json is null ? default : Parser.Parse<T>(json);
}
