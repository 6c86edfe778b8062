using Spectre.Console;

namespace Mose.Cli;

/// <summary>Progress lines for people, on stderr so stdout can carry --json. Plain unwrapped text when
/// stderr is not a terminal, so logs and CI keep whole lines.</summary>
public static class Progress
{
    private static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });

    /// <summary>Writes one progress line with a timestamp.</summary>
    public static void Say(string message)
    {
        var stamp = TimeProvider.System.GetLocalNow().ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine($"{stamp} {message}");
            return;
        }

        Err.MarkupLine($"[grey]{stamp}[/] {Markup.Escape(message)}");
    }

    /// <summary>Writes an error line.</summary>
    public static void Error(string message)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine($"error: {message}");
            return;
        }

        Err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
    }
}
