using System.Diagnostics;
using Orleans.Rec.Tools.Evaluation;
using Spectre.Console;

namespace Orleans.Rec.Tools.Cli;

/// <summary>
/// Shows named stages and their completion on standard error: a Spectre.Console progress display on an interactive
/// terminal, plain status lines (at each new stage and every 25%) otherwise.
/// </summary>
internal static class StageProgress
{
    /// <summary>Runs <paramref name="work"/>, giving it a reporter of (stage, fraction 0..1).</summary>
    public static T Run<T>(string title, Func<IProgress<(string Stage, double Fraction)>, T> work)
    {
        var console = ConsoleOutput.Error;
        var clock = Stopwatch.StartNew();
        if (console.Profile.Capabilities.Interactive)
        {
            return console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(title, maxValue: 1);
                    var result = work(new ForwardingProgress<(string Stage, double Fraction)>(p =>
                    {
                        task.Description = $"{title}: {p.Stage}";
                        task.Value = Math.Clamp(p.Fraction, 0, 1);
                    }));
                    task.Value = 1;
                    return result;
                });
        }

        string? lastStage = null;
        var lastQuarter = -1;
        var lineResult = work(new ForwardingProgress<(string Stage, double Fraction)>(p =>
        {
            var quarter = (int)(Math.Clamp(p.Fraction, 0, 1) * 4);
            if (p.Stage != lastStage || quarter != lastQuarter)
            {
                lastStage = p.Stage;
                lastQuarter = quarter;
                Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {title}: {p.Stage} {p.Fraction:P0}");
            }
        }));
        Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {title}: done");
        return lineResult;
    }
}
