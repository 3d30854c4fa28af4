using System.CommandLine;
using System.Diagnostics;
using Orleans.Rec.Tools.Cli;
using Spectre.Console;

namespace Orleans.Rec.Tools.Api;

/// <summary><c>rec replay</c>: post an event log to the gateway in batches.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var api = CommonOptions.Api();
        var apiKey = CommonOptions.ApiKey();
        var events = CommonOptions.Events("Event log to replay.");
        var format = CommonOptions.Format();
        var batchSize = CommonOptions.Positive("--batch-size", "Events per POST /v1/events request.", 500);
        var limit = new Option<int?>("--limit") { Description = "Stop after this many events.", HelpName = "N" };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        var command = new Command("replay", "Post the events of a log to POST {api}/v1/events in batches, with retries on 503 and connection errors.")
        {
            api,
            apiKey,
            events,
            format,
            batchSize,
            limit,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var reader = Data.EventLog.Open(result.GetRequiredValue(events).FullName, result.GetValue(format));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
            var client = new RecApiClient(http, result.GetRequiredValue(api), result.GetValue(apiKey));
            var max = result.GetValue(limit);
            var size = result.GetValue(batchSize);
            var clock = Stopwatch.StartNew();
            long sent = 0;
            long accepted = 0;
            ApiProblem? problem = null;
            await ConsoleOutput.Error.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"replay ({reader.Format})", maxValue: max ?? 1);
                    task.IsIndeterminate = max is null;
                    var source = max is { } n ? reader.Read(cancellationToken).Take(n) : reader.Read(cancellationToken);
                    foreach (var chunk in source.Select(EventDto.From).Chunk(size))
                    {
                        var posted = await client.PostEventsAsync(chunk, cancellationToken);
                        if (!posted.Succeeded)
                        {
                            problem = posted.Problem;
                            return;
                        }

                        sent += chunk.Length;
                        accepted += posted.Value.Accepted;
                        task.Value = max is null ? 0 : sent;
                        task.Description = $"replay ({reader.Format}): {sent:N0} events, {sent / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0}/s";
                    }

                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                });
            var rate = sent / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            ConsoleOutput.Out.WriteLine(
                $"Sent {sent:N0} events, {accepted:N0} accepted, {reader.SkippedRows:N0} malformed rows skipped, in {clock.Elapsed.TotalSeconds:F1} s ({rate:N0} events/s).");
            if (problem is not null)
            {
                ConsoleOutput.Fail($"batch after {sent:N0} events failed: {problem}");
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
