using System.Diagnostics;
using System.Globalization;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// The same closed-loop load on each system in turn, in rounds, so that the ratios between them are measured over the
/// same minutes of a shared, noisy machine rather than over consecutive ones: round r runs a window on every system
/// (a warm-up, then <c>Duration / Rounds</c> measured), starting one system later each round; only the system
/// being measured runs, the others are paused. Each system's windows are merged (all latencies, total time).
/// </summary>
public static class InterleavedLoad
{
    /// <summary>
    /// Results in the order of <paramref name="targets"/>. Every window is preceded by the workload's warm-up: the
    /// platform writes a profile's served lists <c>Rec:Profiles:ServedWriteBehind</c> (30 s) after they were served, so
    /// a warm-up at least that long puts each measured window in the steady state of those writes; a shorter one
    /// measures fewer writes than steady state in the first round, and in later rounds the writes due from the
    /// system's previous window, which came due while it was paused, all at once.
    /// </summary>
    public static async Task<ServingResult[]> RunAsync(IReadOnlyList<ServingTarget> targets, ServingWorkload workload, PhaseLog log)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(log);
        var windows = targets.Select(_ => new List<LoadGenerator.Window>()).ToArray();
        var cpuSeconds = new double[targets.Count];
        var wallSeconds = new double[targets.Count];
        var requests = new long[targets.Count];
        var batches = new long[targets.Count];
        var measured = workload.Duration / workload.Rounds;
        foreach (var target in targets)
        {
            target.Pause();
        }

        for (var round = 0; round < workload.Rounds; round++)
        {
            var warmup = workload.Warmup;
            var roundLog = log.For(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{workload.Rounds}"));
            for (var step = 0; step < targets.Count; step++)
            {
                var i = (round + step) % targets.Count;
                var target = targets[i];
                target.Resume();
                var (requestsBefore, batchesBefore) = await target.CountersAsync();
                var cpuBefore = target.CpuSeconds;
                var clock = Stopwatch.StartNew();
                windows[i].Add(await LoadGenerator.RunAsync(target.Api, workload.Users, workload.Connections, warmup, measured, round, roundLog.For(target.Name), apiKey: target.ApiKey));
                cpuSeconds[i] += target.CpuSeconds - cpuBefore;
                wallSeconds[i] += clock.Elapsed.TotalSeconds;
                var (requestsAfter, batchesAfter) = await target.CountersAsync();
                requests[i] += requestsAfter - requestsBefore;
                batches[i] += batchesAfter - batchesBefore;
                target.Pause();
            }

            roundLog.Write(string.Join(", ", targets.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {windows[i][^1].RequestsPerSecond:N0}"))) + " requests/s");
        }

        return [.. targets.Select((t, i) =>
        {
            var load = LoadGenerator.Result.Merge(windows[i]);
            var meanBatch = batches[i] == 0 ? 1 : requests[i] / (double)batches[i];
            var cpu = cpuSeconds[i] / wallSeconds[i] * 100;
            log.For(t.Name).Write($"{load.RequestsPerSecond:N0} requests/s, p99 {load.P99:N1} ms, mean batch {meanBatch:N1}, CPU {cpu:N0}%, resident memory {t.ResidentMemory}");
            return new ServingResult(load, meanBatch, cpu, windows[i]);
        })];
    }
}
