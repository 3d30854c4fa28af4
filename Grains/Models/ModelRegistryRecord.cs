namespace Orleans.Rec.Models;

/// <summary>Persistent state of a <see cref="ModelRegistryGrain"/>.</summary>
public sealed class ModelRegistryRecord
{
    /// <summary>The number the next upload gets.</summary>
    public int NextVersion { get; set; } = 1;

    public List<int> Versions { get; set; } = [];

    /// <summary>Numbers reserved by streamed uploads that have not completed yet.</summary>
    public List<int> Pending { get; set; } = [];

    public int? Active { get; set; }

    /// <summary>Every activation, oldest first (rollback walks this back).</summary>
    public List<ActivationRecord> Activations { get; set; } = [];
}
