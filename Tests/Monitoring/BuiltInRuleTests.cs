using Orleans.Rec.Alerts;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Tests.Monitoring;

/// <summary>
/// Each built-in rule added for issue 16 driven over its default threshold (it breaches) and just under it (it does
/// not), from windows of history samples and silo reads built by hand.
/// </summary>
public sealed class BuiltInRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.005, true)]
    [InlineData(0.02, false)]
    public void RecallAtK_WhenNewestRecallIsBelowOnePercent_Breaches(double recall, bool breaches)
    {
        var rule = BuiltIn("recall-at-k");
        HistorySample[] window = [Sample(-20, 10) with { RecallAtK = 0.5 }, Sample(-10, 10) with { RecallAtK = recall }];

        var value = AlertEvaluation.Value(rule.Metric, window, Now);

        Assert.Equal((AlertMetric.RecallAtK, AlertComparison.LessThan, 0.01, 900), (rule.Metric, rule.Comparison, rule.Threshold, rule.WindowSeconds));
        Assert.Equal(recall, value);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Theory]
    [InlineData(0.004, 0.02, 2 * 0.004 * 0.02 / 0.024, true)]
    [InlineData(0.1, 0.2, 2 * 0.1 * 0.2 / 0.3, false)]
    [InlineData(0.0, 0.0, 0.0, true)]
    public void F1_IsTheHarmonicMeanOfNewestPrecisionAndRecall_AndBreachesBelowOnePercent(double precision, double recall, double f1, bool breaches)
    {
        var rule = BuiltIn("f1");
        HistorySample[] window = [Sample(-10, 10) with { PrecisionAtK = precision, RecallAtK = recall }];

        var value = AlertEvaluation.Value(rule.Metric, window, Now);

        Assert.Equal(f1, value!.Value, 12);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Fact]
    public void F1_WhenNoWindowHasClosed_IsNull()
    {
        HistorySample[] window = [Sample(-10, 10) with { PrecisionAtK = null, RecallAtK = null }];

        Assert.Null(AlertEvaluation.Value(AlertMetric.F1, window, Now));
    }

    [Theory]
    [InlineData(40, 0.4, true)]
    [InlineData(60, 0.6, false)]
    [InlineData(0, 0.0, true)]
    public void ThroughputDrop_WhenWindowRateFallsUnderHalfTheBaseline_Breaches(int requestsPerSampleInWindow, double ratio, bool breaches)
    {
        var rule = BuiltIn("throughput-drop");
        // 20 minutes of 10 s samples: 100 requests each (10/s) for the 3 × 300 s baseline, then the window's rate.
        var samples = Enumerable.Range(0, 120).Select(i => Sample(-1190 + (i * 10), i >= 90 ? requestsPerSampleInWindow : 100)).ToArray();

        var value = AlertEvaluation.ThroughputRatio(samples, Now, rule.WindowSeconds);

        Assert.Equal((AlertMetric.ThroughputRatio, AlertComparison.LessThan, 0.5, 300), (rule.Metric, rule.Comparison, rule.Threshold, rule.WindowSeconds));
        Assert.Equal(ratio, value!.Value, 12);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Fact]
    public void ThroughputDrop_WhenTheBaselineIsLessThanNinetyPercentSampled_HasNoValue()
    {
        // 10 minutes of history: the baseline (15 to 5 minutes ago) holds 30 of its 90 samples.
        var samples = Enumerable.Range(0, 60).Select(i => Sample(-590 + (i * 10), i >= 30 ? 0 : 100)).ToArray();

        Assert.Null(AlertEvaluation.ThroughputRatio(samples, Now, 300));
    }

    [Fact]
    public void ThroughputDrop_WhenTheBaselineServedNothing_HasNoValue()
    {
        var samples = Enumerable.Range(0, 120).Select(i => Sample(-1190 + (i * 10), 0)).ToArray();

        Assert.Null(AlertEvaluation.ThroughputRatio(samples, Now, 300));
    }

    [Theory]
    [InlineData(new[] { 2, 2, 2 }, 2.0 / 3, true)]
    [InlineData(new[] { 2, 3, 2 }, 1.0, false)]
    public void Readiness_WhenNoSampleOfTheWindowHadTheVersionOnEverySilo_Breaches(int[] loaded, double fraction, bool breaches)
    {
        var rule = BuiltIn("readiness");
        var window = loaded.Select((l, i) => Sample(-30 + (i * 10), 10) with { SilosLoaded = l, SilosActive = 3 }).ToArray();

        var value = AlertEvaluation.Value(rule.Metric, window, Now);

        Assert.Equal((AlertMetric.ReadySilosFraction, AlertComparison.LessThan, 1.0, AlertSeverity.Critical), (rule.Metric, rule.Comparison, rule.Threshold, rule.Severity));
        Assert.Equal(fraction, value!.Value, 12);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Theory]
    [InlineData(0.95, true)]
    [InlineData(0.85, false)]
    public void Cpu_WhenTheBusiestSiloUsesMoreThanNinetyPercentOfItsProcessors_Breaches(double utilization, bool breaches)
    {
        var rule = BuiltIn("cpu");
        SiloResources[] window =
        [
            Read("a", -290) with { CpuSeconds = 100 }, Read("b", -290) with { CpuSeconds = 50 },
            Read("a", 0) with { CpuSeconds = 100 + (utilization * 290 * 2) }, Read("b", 0) with { CpuSeconds = 50 + (0.5 * 290 * 2) },
        ];

        var (value, silo) = AlertEvaluation.SiloValue(rule.Metric, window);

        Assert.Equal((AlertMetric.CpuUtilization, 0.9, 300), (rule.Metric, rule.Threshold, rule.WindowSeconds));
        Assert.Equal(utilization, value!.Value, 9);
        Assert.Equal("a", silo);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Theory]
    [InlineData(9_500_000_000, 0.95, true)]
    [InlineData(8_000_000_000, 0.8, false)]
    public void Memory_WhenTheFullestSiloUsesMoreThanNinetyPercentOfItsMemory_Breaches(long workingSet, double ratio, bool breaches)
    {
        var rule = BuiltIn("memory");
        SiloResources[] window = [Read("a", -10) with { WorkingSetBytes = 1 }, Read("a", 0) with { WorkingSetBytes = workingSet }, Read("b", 0) with { WorkingSetBytes = 1_000_000_000 }];

        var (value, silo) = AlertEvaluation.SiloValue(rule.Metric, window);

        Assert.Equal(ratio, value!.Value, 12);
        Assert.Equal("a", silo);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Theory]
    [InlineData(0.2, true)]
    [InlineData(0.05, false)]
    public void GcPause_WhenASiloSpendsMoreThanTenPercentOfTheWindowPaused_Breaches(double pausedShare, bool breaches)
    {
        var rule = BuiltIn("gc-pause");
        SiloResources[] window = [Read("a", -290) with { GcPauseSeconds = 3 }, Read("a", 0) with { GcPauseSeconds = 3 + (pausedShare * 290) }];

        var (value, _) = AlertEvaluation.SiloValue(rule.Metric, window);

        Assert.Equal(pausedShare, value!.Value, 9);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Theory]
    [InlineData(150, 250, 200.0, true)]
    [InlineData(50, 60, 55.0, false)]
    public void ThreadPoolQueue_WhenTheMeanQueueOfASiloIsOverAHundred_Breaches(long first, long second, double mean, bool breaches)
    {
        var rule = BuiltIn("thread-pool-queue");
        SiloResources[] window = [Read("a", -10) with { ThreadPoolQueueLength = first }, Read("a", 0) with { ThreadPoolQueueLength = second }, Read("b", 0) with { ThreadPoolQueueLength = 10 }];

        var (value, silo) = AlertEvaluation.SiloValue(rule.Metric, window);

        Assert.Equal(mean, value);
        Assert.Equal("a", silo);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Theory]
    [InlineData(120_000, 120_000.0, true)]
    [InlineData(90_000, 90_000.0, false)]
    public void KafkaLag_WhenTheMostLaggingPartitionStaysOverAHundredThousandAllWindow_Breaches(long lagAtOneSample, double value, bool breaches)
    {
        var rule = BuiltIn("kafka-lag");
        SiloResources[] window =
        [
            Read("a", -20) with { KafkaLag = 200_000 }, Read("b", -20) with { KafkaLag = 5 },
            Read("a", -10) with { KafkaLag = 150_000 }, Read("b", -10) with { KafkaLag = 5 },
            Read("a", 0) with { KafkaLag = lagAtOneSample }, Read("b", 0) with { KafkaLag = 5 },
        ];

        var (lag, silo) = AlertEvaluation.SiloValue(rule.Metric, window);

        Assert.Equal((AlertMetric.KafkaLag, 100_000.0, 300), (rule.Metric, rule.Threshold, rule.WindowSeconds));
        Assert.Equal<(double?, string?)>((value, "a"), (lag, silo));
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, lag));
    }

    [Fact]
    public void KafkaLag_WhenNoSiloReadsKafka_HasNoValue()
    {
        SiloResources[] window = [Read("a", -10), Read("a", 0)];

        Assert.Equal((null, null), AlertEvaluation.SiloValue(AlertMetric.KafkaLag, window));
    }

    [Theory]
    [InlineData(58, true)]
    [InlineData(11, false)]
    public void DeadLetterRate_WhenTheSilosTogetherDeadLetterMoreThanOneInTenSeconds_Breaches(long deadLettersOnA, bool breaches)
    {
        var rule = BuiltIn("dead-letter-rate");
        SiloResources[] window =
        [
            Read("a", -290) with { DeadLetters = 7 }, Read("b", -290) with { DeadLetters = 0 },
            Read("a", 0) with { DeadLetters = 7 + deadLettersOnA }, Read("b", 0) with { DeadLetters = 3 },
        ];

        var (value, silo) = AlertEvaluation.SiloValue(rule.Metric, window);

        Assert.Equal((AlertMetric.DeadLetterRate, 0.1, 300), (rule.Metric, rule.Threshold, rule.WindowSeconds));
        Assert.Equal((deadLettersOnA / 290.0) + (3 / 290.0), value!.Value, 12);
        Assert.Null(silo);
        Assert.Equal(breaches, AlertEvaluation.Breaches(rule, value));
    }

    [Fact]
    public void SiloRates_WhenASiloWasReadOnce_HaveNoValue()
    {
        SiloResources[] window = [Read("a", 0) with { CpuSeconds = 10, GcPauseSeconds = 1, DeadLetters = 5 }];

        Assert.Equal((null, null), AlertEvaluation.SiloValue(AlertMetric.CpuUtilization, window));
        Assert.Equal((null, null), AlertEvaluation.SiloValue(AlertMetric.GcPauseRatio, window));
        Assert.Equal((null, null), AlertEvaluation.SiloValue(AlertMetric.DeadLetterRate, window));
    }

    [Fact]
    public void BuiltIn_AreTheDocumentedThirteenRules_AndSiloMetricsTakeNoVersion()
    {
        Assert.Equal(
            ["p99-latency", "error-ratio", "shed-ratio", "recall-at-k", "f1", "throughput-drop", "readiness", "kafka-lag", "dead-letter-rate", "cpu", "memory", "gc-pause", "thread-pool-queue"],
            AlertRules.BuiltIn.Select(r => r.Id));
        Assert.All(AlertRules.BuiltIn, r => Assert.Empty(AlertRules.Problems(r)));
        var problems = AlertRules.Problems(BuiltIn("cpu") with { Version = 2, CompareWithControl = true });
        Assert.Equal(["must be absent: cpuUtilization belongs to the silos, not to a version"], problems["version"]);
        Assert.Equal(["compareWithControl and autoRollback need a version metric; cpuUtilization belongs to the silos"], problems["compareWithControl"]);
    }

    private static AlertRule BuiltIn(string id) => AlertRules.BuiltIn.Single(r => r.Id == id);

    private static HistorySample Sample(int secondsAgo, long requests) => new()
    {
        At = Now.AddSeconds(secondsAgo),
        IntervalSeconds = 10,
        Requests = requests,
        Batches = requests,
        PrecisionAtK = 0.1,
        RecallAtK = 0.2,
        HitRate = 0.3,
        Impressions = 5,
        SilosLoaded = 1,
        SilosActive = 1,
    };

    private static SiloResources Read(string silo, int secondsAgo) => new()
    {
        Silo = silo,
        At = Now.AddSeconds(secondsAgo),
        ProcessorCount = 2,
        CpuSeconds = 0,
        WorkingSetBytes = 0,
        AvailableMemoryBytes = 10_000_000_000,
        GcHeapBytes = 0,
        GcPauseSeconds = 0,
        ThreadPoolQueueLength = 0,
        ThreadPoolThreads = 4,
    };
}
