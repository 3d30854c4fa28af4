namespace Orleans.Rec.Tools.Cli;

/// <summary>Process exit codes of <c>rec</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and failed: bad data, an unreachable server, a rejected request.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown option, missing or invalid value.</summary>
    public const int Usage = 2;
}
