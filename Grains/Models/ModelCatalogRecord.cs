namespace Orleans.Rec.Models;

/// <summary>Persistent state of the <see cref="ModelCatalogGrain"/>.</summary>
public sealed class ModelCatalogRecord
{
    public List<string> Models { get; set; } = [];
}
