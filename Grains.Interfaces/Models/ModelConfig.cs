namespace Orleans.Rec.Models;

/// <summary>
/// The config that travels with a model artifact: signature, item-id map and serving limits.
/// <c>rec train</c> writes it as <c>config.json</c> (camelCase JSON); the registry stores it per version.
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.ModelConfig")]
public sealed record ModelConfig
{
    /// <summary>The model's inputs and outputs and the role of each.</summary>
    [Id(0)] public required ModelSignature Signature { get; init; }

    /// <summary>External item ids; the item at position i has model index i + 1 (index 0 is padding).</summary>
    [Id(1)] public required string[] ItemIds { get; init; }

    /// <summary>How many of the user's most recent items the model reads.</summary>
    [Id(2)] public int HistoryLength { get; init; } = 50;

    /// <summary>The model index that means "no item".</summary>
    [Id(3)] public long PaddingIndex { get; init; }

    /// <summary>Default and maximum k.</summary>
    [Id(4)] public TopKLimits TopK { get; init; } = new();

    /// <summary>Execution device: <c>cpu</c> or <c>cuda</c>.</summary>
    [Id(5)] public string Device { get; init; } = "cpu";

    /// <summary>The CUDA device id when <see cref="Device"/> is <c>cuda</c>.</summary>
    [Id(6)] public int DeviceId { get; init; }

    /// <summary>Provenance and offline metrics from training, when known.</summary>
    [Id(7)] public TrainingInfo? Training { get; init; }

    /// <summary>Dynamic batching parameters.</summary>
    [Id(8)] public BatchingConfig Batching { get; init; } = new();

    /// <summary>Online accuracy: how many of the user's next events an impression's attribution window holds at most.</summary>
    [Id(9)] public int AttributionEvents { get; init; } = 20;

    /// <summary>Online accuracy: the window ends before the first event more than this much event time after the impression.</summary>
    [Id(10)] public TimeSpan AttributionWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Push mode: lists published to the recommendations topic as users act (off by default).</summary>
    [Id(11)] public PushConfig Push { get; init; } = new();
}
