using System.Text.Json;
using Google.Protobuf;

namespace Mose.Cli;

/// <summary>Human output with Spectre.Console, machine output as stable JSON.</summary>
public static class Output
{
    private static readonly JsonFormatter Proto = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a protobuf message as JSON (field names in lowerCamelCase, defaults included).</summary>
    public static void WriteJson(IMessage message) => Console.Out.WriteLine(Proto.Format(message));

    /// <summary>Writes <paramref name="message"/> as JSON when <paramref name="json"/>, else prints it for a
    /// person with <paramref name="print"/>.</summary>
    public static void Show<T>(T message, bool json, Action<T> print) where T : IMessage
    {
        if (json)
        {
            WriteJson(message);
        }
        else
        {
            print(message);
        }
    }

    /// <summary>Writes a command's result line for a person on stdout (progress goes to stderr).</summary>
    public static void Result(string line) => Console.Out.WriteLine(line);

    /// <summary>Writes any object as indented camelCase JSON.</summary>
    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Milliseconds for tables.</summary>
    public static string Ms(double ms) => $"{ms:F0} ms";

    /// <summary>Bytes for tables.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:F1} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):F1} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):F2} GiB",
    };
}
