using Spectre.Console;

namespace Orleans.Rec.Tools.Cli;

/// <summary>Where <c>rec</c> writes: results to standard output, progress and errors to standard error.</summary>
internal static class ConsoleOutput
{
    // Redirected output has no terminal width; Spectre then assumes 80 columns and wraps log lines mid-sentence.
    private const int RedirectedWidth = 240;

    static ConsoleOutput()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        if (Console.IsErrorRedirected)
        {
            Error.Profile.Width = RedirectedWidth;
        }
    }

    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });

    /// <summary>Standard output (results), set up like <see cref="Error"/>.</summary>
    public static IAnsiConsole Out => AnsiConsole.Console;

    public static void Fail(string message) => Error.MarkupLineInterpolated($"[red]error:[/] {message}");
}
