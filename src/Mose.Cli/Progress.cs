using Spectre.Console;

namespace Mose.Cli;

/// <summary>Progress lines for people, on stderr so stdout can carry --json.</summary>
public static class Progress
{
    private static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });

    /// <summary>Writes one progress line with a timestamp.</summary>
    public static void Say(string message) =>
        Err.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss.fff}[/] {Markup.Escape(message)}");

    /// <summary>Writes an error line.</summary>
    public static void Error(string message) => Err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
}
