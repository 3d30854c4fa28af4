namespace Orleans.Rec.Inference;

/// <summary>Silo-wide inference settings under <c>Rec:Inference</c>.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Rec:Inference";

    /// <summary><c>cpu</c> or <c>cuda</c>; when unset each version's config decides.</summary>
    public string? Device { get; set; }

    /// <summary>CUDA device id when the silo setting picks the device.</summary>
    public int DeviceId { get; set; }

    /// <summary>
    /// ONNX Runtime intra-op threads per session; 0 lets the runtime choose (one per core). Default 1: the batcher
    /// already runs one batch per core at once, and splitting each run over every core as well hands work between
    /// threads on every run (the batcher at a 20k catalog, 2 cores: 39k predictions/s with 1, 34k with the runtime's
    /// choice; docs/benchmarks.md).
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Concurrent batches per loaded version when its config leaves the choice to the silo; 0 = one per core.</summary>
    public int BatchInstances { get; set; }

    /// <summary>When batches run through ONNX Runtime I/O binding: <c>Auto</c> (on CUDA), <c>Always</c> or <c>Never</c>.</summary>
    public IoBindingMode IoBinding { get; set; } = IoBindingMode.Auto;

    /// <summary>How long an unloaded (retired) version's session lives on for requests already queued.</summary>
    public TimeSpan UnloadGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the silo looks for serving config changes of its loaded versions.</summary>
    public TimeSpan ConfigRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}
