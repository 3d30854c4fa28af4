using Spectre.Console;

namespace Orleans.Rec.Tools.Cli;

/// <summary>Where <c>rec</c> writes: results to standard output, progress and errors to standard error.</summary>
internal static class ConsoleOutput
{
    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });

    public static void Fail(string message) => Error.MarkupLineInterpolated($"[red]error:[/] {message}");
}
