namespace Orleans.Rec.Models;

/// <summary>Persistent state of a <see cref="ModelVersionGrain"/>.</summary>
public sealed class ModelVersionRecord
{
    public ModelVersionInfo? Info { get; set; }

    public ModelConfig? Config { get; set; }
}
