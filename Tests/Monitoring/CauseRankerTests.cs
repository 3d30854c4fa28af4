using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Monitoring.Analysis;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>The analysis as a pure function: hand-made histories, audit logs, revisions and devices in, ranked causes out.</summary>
public sealed class CauseRankerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Model = "shop";

    [Fact]
    public void ConfigChangeBeforeLatencyRise_RanksFirst_WithTheRevertAction()
    {
        var samples = Samples(20, i => Sample(i, p99: i < 10 ? 4 : 80));
        var input = Input(History(Version(1, samples))) with
        {
            ActiveVersion = 1,
            Audit = [Audit(-600, "activate", 1, "previous: none")],
            ConfigRevisions = [new(1, 1, T0.AddSeconds(-600), "upload"), new(1, 2, T0.AddSeconds(9.5), "operator:1a2b3c4d")],
        };

        var analysis = CauseRanker.Analyze(input);

        var symptom = Assert.Single(analysis.Symptoms);
        Assert.Equal(("p99LatencyMs", 1, T0.AddSeconds(10), 4.0, 80.0), (symptom.Metric, symptom.Version!.Value, symptom.At, symptom.Before!.Value, symptom.After!.Value));
        Assert.Equal(T0.AddSeconds(10), analysis.SymptomAt);
        var top = analysis.Causes[0];
        Assert.Equal("config-change", top.Kind);
        Assert.Equal((0.9, 1.0, 0.9), (top.Strength, top.Timing, top.Score));
        Assert.Equal($"revert config to revision 1: POST /v1/models/{Model}/versions/1/config/revert?revision=1", top.Action);
        Assert.Equal("config revision 2 of v1 replaced revision 1", top.Evidence[0].What);
        Assert.Equal("p99LatencyMs of v1 rose from 4 ms to 80 ms", top.Evidence[1].What);
    }

    [Fact]
    public void EarlierUnrelatedSymptom_DoesNotMakeALaterCauseLookLate()
    {
        var samples = Samples(20, i => Sample(i, p99: i < 15 ? 4 : 80) with { Requests = i < 2 ? 200 : 80 });
        var input = Input(History(Version(1, samples))) with
        {
            ActiveVersion = 1,
            ConfigRevisions = [new(1, 1, T0.AddSeconds(-600), "upload"), new(1, 2, T0.AddSeconds(14.5), "operator:1a2b3c4d")],
        };

        var analysis = CauseRanker.Analyze(input);

        Assert.Equal(["throughput", "p99LatencyMs"], analysis.Symptoms.Select(s => s.Metric));
        Assert.Equal(T0.AddSeconds(2), analysis.SymptomAt);
        Assert.Equal(("config-change", 1.0), (analysis.Causes[0].Kind, analysis.Causes[0].Timing));
    }

    [Fact]
    public void WorseVersionActivated_AccuracyRegressionRanksFirst_WithRollBackToThePreviousVersion()
    {
        var v1 = Samples(10, i => Sample(i, hitRate: 0.5));
        var v2 = Samples(10, i => Sample(i + 10, hitRate: 0.1));
        var input = Input(History(Version(1, v1), Version(2, v2))) with
        {
            ActiveVersion = 2,
            Audit = [Audit(-900, "activate", 1, "previous: none"), Audit(10, "activate", 2, "previous: v1")],
        };

        var analysis = CauseRanker.Analyze(input);

        Assert.Equal(["accuracy-regression", "version-change"], analysis.Causes.Take(2).Select(c => c.Kind));
        var top = analysis.Causes[0];
        Assert.Equal(1.0, top.Strength);
        Assert.Equal(T0.AddSeconds(10), top.At);
        Assert.Equal($"roll back to v1: POST /v1/models/{Model}/rollback", top.Action);
        Assert.Equal("v2 recommends worse than v1: online hitRate 0.1 against 0.5 (80% lower)", top.Explanation);
        Assert.Equal((0.5, 0.1), (top.Evidence[1].Before!.Value, top.Evidence[1].After!.Value));
        Assert.Equal($"roll back to v1: POST /v1/models/{Model}/rollback", analysis.Causes[1].Action);
    }

    [Fact]
    public void SiloLeaves_MembershipChangeRanksFirst_NamingTheSilo()
    {
        var samples = Samples(12, i => Sample(i, silos: i < 6 ? 3 : 2, p99: i < 6 ? 4 : 30));
        var silos = Enumerable.Range(0, 12).SelectMany(i => (i < 6 ? new[] { "a", "b", "c" } : ["a", "b"]).Select(s => Silo(s, i))).ToArray();
        var input = Input(History(Version(1, samples)) with { Silos = silos }) with { ActiveVersion = 1 };

        var analysis = CauseRanker.Analyze(input);

        var top = analysis.Causes[0];
        Assert.Equal("membership-change", top.Kind);
        Assert.Equal(T0.AddSeconds(6), top.At);
        Assert.Equal("1 silo(s) left the cluster (3 → 2 active): their users' profiles and Kafka partitions moved to the others, which warm up and take their load", top.Explanation);
        Assert.Equal(("active silos", 3.0, 2.0), (top.Evidence[0].What, top.Evidence[0].Before!.Value, top.Evidence[0].After!.Value));
        Assert.Equal(("silo left", "c"), (top.Evidence[1].What, top.Evidence[1].Silo));
    }

    [Fact]
    public void VersionRunsOnCpuThoughItAsksForCuda_CpuFallbackRanksFirst()
    {
        var input = Input(History(Version(1, Samples(5, i => Sample(i))))) with
        {
            ActiveVersion = 1,
            Audit = [Audit(1, "activate", 1, "previous: none")],
            Devices = [new("silo-a", 1, "cuda", "cpu", T0.AddSeconds(1)), new("silo-b", 1, "cuda", "cuda", T0.AddSeconds(1))],
        };

        var analysis = CauseRanker.Analyze(input);

        var top = analysis.Causes[0];
        Assert.Equal("cpu-fallback", top.Kind);
        Assert.Equal("v1 asks for CUDA but runs on the CPU on 1 silo(s): inference there is slower and batches wait longer", top.Explanation);
        Assert.StartsWith("check the GPU and the CUDA libraries on silo-a ", top.Action, StringComparison.Ordinal);
        Assert.Equal(("v1 loaded on cpu (config: cuda)", "silo-a"), (top.Evidence[0].What, top.Evidence[0].Silo));
        Assert.Equal(0.3, analysis.Causes.Single(c => c.Kind == "version-change").Strength);
    }

    [Fact]
    public void DeadLettersRise_DeadLettersRanksFirst_WithWhereToReadThem()
    {
        var silos = Enumerable.Range(0, 10).Select(i => Silo("a", i) with { DeadLetters = i < 4 ? 2 : 12 }).ToArray();
        var input = Input(History(Version(1, Samples(10, i => Sample(i)))) with { Silos = silos }) with { ActiveVersion = 1 };

        var analysis = CauseRanker.Analyze(input);

        var top = analysis.Causes[0];
        Assert.Equal("dead-letters", top.Kind);
        Assert.Equal(T0.AddSeconds(4), top.At);
        Assert.Equal(0.8, top.Strength);
        Assert.Equal("read them with their reason header (rec tail --topic user_history.dlq --from-beginning) and fix the producer; the events after them were applied", top.Action);
        Assert.Equal((2.0, 12.0, "a"), (top.Evidence[0].Before!.Value, top.Evidence[0].After!.Value, top.Evidence[0].Silo));
    }

    [Fact]
    public void ShedRatioRises_WithoutAnyChange_QueuePressureRanksFirst()
    {
        var samples = Samples(10, i => Sample(i, shed: i < 5 ? 0 : 50));
        var input = Input(History(Version(1, samples))) with { ActiveVersion = 1 };

        var analysis = CauseRanker.Analyze(input);

        var top = analysis.Causes[0];
        Assert.Equal("queue-pressure", top.Kind);
        Assert.Equal(0.8, top.Strength);
        Assert.Equal("shedRatio of v1 rose from 0 to 0.333", top.Evidence[0].What);
        Assert.Equal("add silos or runners, raise the serving config's maxQueueSize or the deadline (Rec:Inference:RequestTimeout), or lower maxQueueDelay", top.Action);
    }

    [Fact]
    public void ColdShareRises_InputDriftRanksFirst()
    {
        var samples = Samples(10, i => Sample(i, cold: i < 5 ? 5 : 60));
        var input = Input(History(Version(1, samples))) with { ActiveVersion = 1 };

        var analysis = CauseRanker.Analyze(input);

        var top = analysis.Causes[0];
        Assert.Equal("input-drift", top.Kind);
        Assert.Equal(T0.AddSeconds(5), top.At);
        Assert.Equal("requests whose history v1 does not know rose from 4.8% to 37.5%: new users or items it was not trained on get the popularity fallback", top.Explanation);
    }

    [Fact]
    public void AlertFocus_SetsTheOnsetFromTheMatchingSymptom_AndAddsTheAlertAsASymptom()
    {
        var samples = Samples(20, i => Sample(i, p99: i < 12 ? 4 : 90));
        var input = Input(History(Version(1, samples))) with
        {
            ActiveVersion = 1,
            ConfigRevisions = [new(1, 1, T0.AddSeconds(-600), "upload"), new(1, 2, T0.AddSeconds(11), "operator:1a2b3c4d")],
            Focus = new AlertFocus("p99LatencyMs", 1, 90, T0.AddSeconds(19), 5),
        };

        var analysis = CauseRanker.Analyze(input);

        Assert.Equal(T0.AddSeconds(12), analysis.SymptomAt);
        Assert.Equal(["p99LatencyMs", "p99LatencyMs"], analysis.Symptoms.Select(s => s.Metric));
        Assert.Contains(analysis.Symptoms, s => s.Explanation.StartsWith("the alert on p99LatencyMs fired at", StringComparison.Ordinal));
        Assert.Equal("config-change", analysis.Causes[0].Kind);
    }

    [Fact]
    public void NothingChanged_NoSymptomsAndNoCauses()
    {
        var analysis = CauseRanker.Analyze(Input(History(Version(1, Samples(10, i => Sample(i))))) with { ActiveVersion = 1 });

        Assert.Null(analysis.SymptomAt);
        Assert.Empty(analysis.Symptoms);
        Assert.Empty(analysis.Causes);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(3, 1.0)]
    [InlineData(-3, 1.0)]
    [InlineData(-4, 0.1)]
    [InlineData(63, 0.5)]
    [InlineData(183, 0.25)]
    public void Timing_IsOneNearTheOnset_FallsBefore_AndIsATenthAfter(double secondsBeforeOnset, double expected)
    {
        Assert.Equal(expected, CauseRanker.Timing(T0.AddSeconds(-secondsBeforeOnset), T0, intervalSeconds: 1), 9);
    }

    [Fact]
    public void Split_FindsTheStep()
    {
        var points = Enumerable.Range(0, 8).Select(i => (T0.AddSeconds(i), i < 3 ? 1.0 : 5.0)).ToArray();

        Assert.Equal((T0.AddSeconds(3), 1.0, 5.0), SymptomFinder.Split(points, higherIsWorse: true));
        Assert.Null(SymptomFinder.Split(points, higherIsWorse: false));
        Assert.Null(SymptomFinder.Split(points[..1], higherIsWorse: true));
    }

    private static AnalysisInput Input(ModelHistory history) => new()
    {
        Model = Model,
        From = T0.AddMinutes(-15),
        To = T0.AddSeconds(30),
        IntervalSeconds = 1,
        History = history,
    };

    private static ModelHistory History(params VersionHistory[] versions) => new() { Model = Model, IntervalSeconds = 1, Versions = versions };

    private static VersionHistory Version(int version, HistorySample[] samples) => new() { Version = version, Samples = samples };

    private static HistorySample[] Samples(int count, Func<int, HistorySample> sample) => [.. Enumerable.Range(0, count).Select(sample)];

    /// <summary>Sample <paramref name="i"/> (at T0 + i s): 100 requests in 10 batches, and what the test sets.</summary>
    private static HistorySample Sample(int i, double p99 = 4, double? hitRate = null, int silos = 2, long shed = 0, long cold = 0) => new()
    {
        At = T0.AddSeconds(i),
        IntervalSeconds = 1,
        Requests = 100,
        Batches = 10,
        Shed = shed,
        P50Ms = 2,
        P95Ms = 3,
        P99Ms = p99,
        HitRate = hitRate,
        Impressions = hitRate is null ? 0 : 100,
        SilosLoaded = silos,
        SilosActive = silos,
        ColdRequests = cold,
    };

    private static SiloResources Silo(string name, int i) => new()
    {
        Silo = name,
        At = T0.AddSeconds(i),
        ProcessorCount = 4,
        CpuSeconds = i,
        WorkingSetBytes = 1L << 30,
        AvailableMemoryBytes = 8L << 30,
        GcHeapBytes = 1L << 28,
        GcPauseSeconds = 0,
        ThreadPoolQueueLength = 0,
        ThreadPoolThreads = 8,
        CpuUtilization = 0.3,
        GcPauseRatio = 0.01,
    };

    private static AuditEntry Audit(double seconds, string action, int? version, string detail) => new()
    {
        Sequence = (long)(seconds + 1000),
        At = T0.AddSeconds(seconds),
        Actor = "operator:1a2b3c4d",
        Action = action,
        Version = version,
        Detail = detail,
    };
}
