namespace Mose.Cli;

/// <summary>Documented exit codes of the mose CLI (see README).</summary>
public static class ExitCodes
{
    /// <summary>Done as asked.</summary>
    public const int Ok = 0;

    /// <summary>Bad input: unknown flag, service, host or kind (System.CommandLine's parse errors also exit 1).</summary>
    public const int Usage = 1;

    /// <summary>A migration failed and was rolled back: the service still runs on its source.</summary>
    public const int RolledBack = 2;

    /// <summary>A migration failed and could not be fully rolled back (see the message).</summary>
    public const int Failed = 3;

    /// <summary>The host lacks something Mose needs (CRIU, runc, root, the lab is down).</summary>
    public const int Environment = 4;

    /// <summary>Cancelled with Ctrl+C.</summary>
    public const int Cancelled = 130;
}
