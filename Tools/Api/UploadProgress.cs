using System.Diagnostics;
using Orleans.Rec.Tools.Cli;
using Spectre.Console;

namespace Orleans.Rec.Tools.Api;

/// <summary>
/// Shows how much of a large upload was sent, on standard error: a progress bar on a terminal, a line per 10%
/// otherwise. Files under <see cref="MinBytes"/> upload silently.
/// </summary>
internal static class UploadProgress
{
    public const long MinBytes = 8 * 1024 * 1024;

    public static async Task<T> RunAsync<T>(string title, long total, Func<IProgress<long>?, Task<T>> work)
    {
        if (total < MinBytes)
        {
            return await work(null);
        }

        var console = ConsoleOutput.Error;
        if (console.Profile.Capabilities.Interactive)
        {
            return await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(title, maxValue: total);
                    var result = await work(new Progress<long>(sent => task.Value = sent));
                    task.Value = total;
                    return result;
                });
        }

        var clock = Stopwatch.StartNew();
        var lastTenth = -1;
        var lines = new Progress<long>(sent =>
        {
            var tenth = (int)(sent * 10 / total);
            if (tenth != lastTenth)
            {
                lastTenth = tenth;
                Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {title}: {sent:N0} of {total:N0} bytes ({(double)sent / total:P0})");
            }
        });
        var outcome = await work(lines);
        Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {title}: sent; the silo validates and stores it");
        return outcome;
    }
}
