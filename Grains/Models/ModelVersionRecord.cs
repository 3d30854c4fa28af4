namespace Orleans.Rec.Models;

/// <summary>Persistent state of a <see cref="ModelVersionGrain"/>.</summary>
public sealed class ModelVersionRecord
{
    public ModelVersionInfo? Info { get; set; }

    /// <summary>The current config (the uploaded one with the latest serving revision applied).</summary>
    public ModelConfig? Config { get; set; }

    /// <summary>Every serving config revision, oldest first; the first is the uploaded config.</summary>
    public List<ConfigRevision> Revisions { get; set; } = [];
}
