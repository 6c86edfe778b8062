using System.CommandLine;
using System.CommandLine.Parsing;

namespace Mose.Cli;

/// <summary>Where a user who typed something wrong finds the options of the command they meant.</summary>
public static class HelpHint
{
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
