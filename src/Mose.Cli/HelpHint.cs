using System.CommandLine;
using System.CommandLine.Parsing;

namespace Mose.Cli;

/// <summary>Where a user who typed something wrong finds the options of the command they meant.</summary>
public static partial class HelpHint
{
    /// <summary>A parser's message with .NET type names ("as expected type 'System.Nullable`1[System.Int64]'")
    /// said as a person would ("as a whole number").</summary>
    public static string Plain(string message) =>
        ExpectedType().Replace(message, m => " as " + (m.Groups["type"].Value switch
        {
            "Int32" or "Int64" or "UInt32" or "UInt64" => "a whole number",
            "Double" or "Single" or "Decimal" => "a number",
            "Boolean" => "true or false",
            var other => other,
        }));

    [System.Text.RegularExpressions.GeneratedRegex(
        @" as expected type 'System\.(?:Nullable`1\[System\.)?(?<type>\w+)\]?'")]
    private static partial System.Text.RegularExpressions.Regex ExpectedType();

    /// <summary>The command line up to the innermost command that parsed, e.g. "mose lab deploy".</summary>
    public static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (SymbolResult? r = parsed.CommandResult; r is not null; r = r.Parent)
        {
            if (r is CommandResult { Command: var command })
            {
                names.Add(command is RootCommand ? "mose" : command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
