using Orleans.Concurrency;

namespace Orleans.Rec;

/// <summary>The names of the models that have served traffic (key: 0); a starting silo preloads what they serve.</summary>
[Alias("rec.IModelCatalogGrain")]
public interface IModelCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Remembers a model name (no-op when known).</summary>
    [Alias("Add")]
    Task AddAsync(string model);

    /// <summary>Every model name, ordinal order.</summary>
    [Alias("GetModels"), ReadOnly]
    Task<string[]> GetModelsAsync();
}
