using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Rec.Bench.Inference;
using Orleans.Rec.Events;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Profiles;

namespace Orleans.Rec.Bench.Micro;

/// <summary>
/// The per-request costs around ONNX Runtime: the profile → model input path, the batcher's queueing overhead
/// (with a run that does nothing), and one request through a real batcher and session (20k items, batch 1).
/// </summary>
[MemoryDiagnoser]
public class BatcherMicroBenchmarks
{
    private LoadedModel _model = null!;
    private DynamicBatcher _emptyBatcher = null!;
    private UserProfileState _profile = null!;
    private string[] _history = null!;
    private long[] _indices = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (artifact, config) = SyntheticModel.Create(20_000, 64, 50);
        config = config with { Batching = new BatchingConfig { MaxBatchSize = 32, MaxQueueDelay = TimeSpan.Zero, Instances = 1 } };
        var factory = new OnnxSessionFactory(Options.Create(new InferenceOptions()), NullLogger<OnnxSessionFactory>.Instance);
        var created = factory.Create("micro", 1, config, artifact);
        _model = new LoadedModel("micro", 1, config, created.Session, created.Device);
        _model.WarmUpAsync().GetAwaiter().GetResult();

        var random = new Random(5);
        _profile = new UserProfileState
        {
            Recent = Enumerable.Range(0, 200)
                .Select(i => new Interaction(config.ItemIds[random.Next(config.ItemIds.Length)], UserEventType.View, DateTimeOffset.UnixEpoch.AddSeconds(i)))
                .ToList(),
        };
        _history = _profile.Recent.Select(i => i.ItemId).ToArray();
        _indices = _model.Input.Build(_history);
        _emptyBatcher = new DynamicBatcher(config.Batching, 1, batch =>
        {
            foreach (var item in batch)
            {
                item.Completion.TrySetResult(new RankedRow(item.History, []));
            }
        }, TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _emptyBatcher.Dispose();
        _model.Dispose();
    }

    /// <summary>Profile state → history ids → model indices (what every request does before it queues).</summary>
    [Benchmark]
    public long[] ProfileToInput() => _model.Input.Build(_profile.Recent.Select(i => i.ItemId).ToArray());

    /// <summary>Queue one request and get it back from a batcher whose run does nothing: the batching overhead alone.</summary>
    [Benchmark]
    public async Task<int> BatcherRoundTripWithoutInference() => (await _emptyBatcher.SubmitAsync(_indices, 10, null)).Indices.Length;

    /// <summary>One request through the real batcher and ONNX Runtime session (batch of 1).</summary>
    [Benchmark]
    public Task<PredictionResult> PredictThroughBatcher() => _model.PredictAsync(_history, 10, []);
}
