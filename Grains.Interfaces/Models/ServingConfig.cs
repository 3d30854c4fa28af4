namespace Orleans.Rec.Models;

/// <summary>
/// The part of a version's config that operators may change after upload; it applies to the running version
/// without a reload (a device change applies at the next load). Signature and item ids never change: upload a new
/// version for that.
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.ServingConfig")]
public sealed record ServingConfig
{
    /// <summary>How many of the user's most recent items the model reads.</summary>
    [Id(0)] public int HistoryLength { get; init; } = 50;

    /// <summary>Default and maximum k.</summary>
    [Id(1)] public TopKLimits TopK { get; init; } = new();

    /// <summary>Execution device: <c>cpu</c> or <c>cuda</c>.</summary>
    [Id(2)] public string Device { get; init; } = "cpu";

    /// <summary>The CUDA device id.</summary>
    [Id(3)] public int DeviceId { get; init; }

    /// <summary>Dynamic batching parameters.</summary>
    [Id(4)] public BatchingConfig Batching { get; init; } = new();

    /// <summary>Online accuracy: how many of the user's next events an impression's attribution window holds at most.</summary>
    [Id(5)] public int AttributionEvents { get; init; } = 20;

    /// <summary>Online accuracy: the window ends before the first event more than this much event time after the impression.</summary>
    [Id(6)] public TimeSpan AttributionWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Push mode: lists published to the recommendations topic as users act (off by default).</summary>
    [Id(7)] public PushConfig Push { get; init; } = new();

    /// <summary>The serving part of a full config.</summary>
    public static ServingConfig From(ModelConfig config) => new()
    {
        HistoryLength = config.HistoryLength,
        TopK = config.TopK,
        Device = config.Device,
        DeviceId = config.DeviceId,
        Batching = config.Batching,
        AttributionEvents = config.AttributionEvents,
        AttributionWindow = config.AttributionWindow,
        Push = config.Push,
    };

    /// <summary>The full config with this serving part.</summary>
    public ModelConfig ApplyTo(ModelConfig config) => config with
    {
        HistoryLength = HistoryLength,
        TopK = TopK,
        Device = Device,
        DeviceId = DeviceId,
        Batching = Batching,
        AttributionEvents = AttributionEvents,
        AttributionWindow = AttributionWindow,
        Push = Push,
    };
}
