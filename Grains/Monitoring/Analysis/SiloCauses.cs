using System.Globalization;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>
/// Causes in the silos: one leaving or joining, dead letters, Kafka lag, CPU, memory and GC pressure, thread-pool
/// starvation — from the history's samples and silo figures.
/// </summary>
internal static class SiloCauses
{
    internal static IEnumerable<CauseCandidate> MembershipChanges(AnalysisInput input)
    {
        var points = input.History.Versions.SelectMany(v => v.Samples).GroupBy(s => s.At).OrderBy(g => g.Key).Select(g => (At: g.Key, Active: g.Max(s => s.SilosActive))).ToArray();
        for (var i = 1; i < points.Length; i++)
        {
            var (at, active) = points[i];
            var before = points[i - 1].Active;
            if (active == before)
            {
                continue;
            }

            var silosBefore = input.History.Silos.Where(r => r.At <= points[i - 1].At).Select(r => r.Silo).ToHashSet(StringComparer.Ordinal);
            var silosAfter = input.History.Silos.Where(r => r.At >= at).Select(r => r.Silo).ToHashSet(StringComparer.Ordinal);
            var left = silosBefore.Except(silosAfter, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var joined = silosAfter.Except(silosBefore, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var evidence = new List<CauseEvidence> { new() { At = at, What = "active silos", Before = before, After = active } };
            evidence.AddRange(left.Select(s => new CauseEvidence { At = at, What = "silo left", Silo = s }));
            evidence.AddRange(joined.Select(s => new CauseEvidence { At = at, What = "silo joined", Silo = s }));
            yield return active < before
                ? new CauseCandidate(
                    "membership-change",
                    0.85,
                    at,
                    $"{before - active} silo(s) left the cluster ({before} → {active} active): their users' profiles and Kafka partitions moved to the others, which warm up and take their load",
                    "find why it left (its log; GET /v1/silos lists the active ones) and restore capacity: restart it or scale out",
                    evidence)
                : new CauseCandidate(
                    "membership-change",
                    0.5,
                    at,
                    $"{active - before} silo(s) joined ({before} → {active} active): grains and Kafka partitions rebalance to them while they warm up",
                    "wait for the new silo's /health/ready; if latency stays high, check its versions are loaded (GET /v1/models/{model}/versions/{v}/status)",
                    evidence);
        }
    }

    internal static IEnumerable<CauseCandidate> SiloFigures(AnalysisInput input)
    {
        foreach (var silo in input.History.Silos.GroupBy(r => r.Silo, StringComparer.Ordinal))
        {
            var reads = silo.OrderBy(r => r.At).ToArray();
            var name = silo.Key;

            var deadLetters = reads[^1].DeadLetters - reads[0].DeadLetters;
            if (deadLetters > 0)
            {
                var first = reads.Skip(1).First(r => r.DeadLetters > reads[0].DeadLetters);
                yield return new CauseCandidate(
                    "dead-letters",
                    Math.Min(0.95, 0.75 + (deadLetters / 200.0)),
                    first.At,
                    $"{deadLetters} event(s) went to the dead-letter topic on {name}: producers send events that cannot be read (bad JSON, missing fields, a key that is not the user)",
                    $"read them with their reason header (rec tail --topic {input.DeadLetterTopic} --from-beginning) and fix the producer; the events after them were applied",
                    [new() { At = first.At, What = "dead letters sent by the silo", Before = reads[0].DeadLetters, After = reads[^1].DeadLetters, Silo = name }]);
            }

            var lags = reads.Where(r => r.KafkaLag is not null).ToArray();
            if (lags.Length >= 3)
            {
                var third = Math.Max(1, lags.Length / 3);
                var early = lags.Take(third).Average(r => (double)r.KafkaLag!.Value);
                var late = lags.TakeLast(third).Average(r => (double)r.KafkaLag!.Value);
                if (late >= (2 * early) + 100)
                {
                    var rising = lags.First(r => r.KafkaLag!.Value > (2 * early) + 50);
                    yield return new CauseCandidate(
                        "kafka-lag",
                        0.7,
                        rising.At,
                        string.Create(CultureInfo.InvariantCulture, $"the Kafka consumer on {name} falls behind: lag grew from {early:0} to {late:0} messages, so profiles lag the events"),
                        "add silos (partitions rebalance to them) or find what slows the consuming silo (CPU, storage latency)",
                        [new() { At = rising.At, What = "Kafka consumer lag (messages)", Before = early, After = late, Silo = name }]);
                }
            }

            if (reads.FirstOrDefault(r => r.CpuUtilization >= 0.9) is { } busy)
            {
                var wasIdle = reads.Any(r => r.At < busy.At && r.CpuUtilization < 0.7);
                yield return new CauseCandidate(
                    "cpu-saturation",
                    wasIdle ? 0.65 : 0.5,
                    busy.At,
                    string.Create(CultureInfo.InvariantCulture, $"{name} is CPU-bound ({CauseCandidate.Percent(busy.CpuUtilization!.Value)} of {busy.ProcessorCount} processors)"),
                    "scale out (more silos) or up (more cores), and check what else runs on that machine",
                    [new() { At = busy.At, What = "CPU utilisation", After = busy.CpuUtilization, Silo = name }]);
            }

            if (reads.FirstOrDefault(r => r.AvailableMemoryBytes > 0 && (double)r.WorkingSetBytes / r.AvailableMemoryBytes >= 0.9) is { } full)
            {
                yield return new CauseCandidate(
                    "memory-pressure",
                    0.65,
                    full.At,
                    string.Create(CultureInfo.InvariantCulture, $"{name} uses {CauseCandidate.Percent((double)full.WorkingSetBytes / full.AvailableMemoryBytes)} of its memory: the GC runs often and the process may be killed"),
                    "raise the container's memory or scale out; check the profile and popularity caps (Rec:Profiles, Rec:Popularity)",
                    [new() { At = full.At, What = "working set / available memory", After = (double)full.WorkingSetBytes / full.AvailableMemoryBytes, Silo = name }]);
            }
            else if (reads.FirstOrDefault(r => r.GcPauseRatio >= 0.1) is { } paused)
            {
                yield return new CauseCandidate(
                    "memory-pressure",
                    0.6,
                    paused.At,
                    string.Create(CultureInfo.InvariantCulture, $"{name} spends {CauseCandidate.Percent(paused.GcPauseRatio!.Value)} of its time paused by garbage collection"),
                    "raise the container's memory or scale out; requests stall during the pauses",
                    [new() { At = paused.At, What = "GC pause ratio", After = paused.GcPauseRatio, Silo = name }]);
            }

            if (reads.FirstOrDefault(r => r.ThreadPoolQueueLength >= 100) is { } queued)
            {
                yield return new CauseCandidate(
                    "thread-pool-starvation",
                    0.6,
                    queued.At,
                    $"{queued.ThreadPoolQueueLength} work items wait for a thread on {name}: something blocks thread-pool threads",
                    "find the blocking call (sync I/O, locks: take a dump with dotnet-dump) or raise the minimum threads",
                    [new() { At = queued.At, What = "thread-pool queue length", After = queued.ThreadPoolQueueLength, Silo = name }]);
            }
        }
    }
}
