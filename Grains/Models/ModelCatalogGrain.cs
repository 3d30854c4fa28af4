namespace Orleans.Rec.Models;

/// <summary>The names of the models that have served traffic, so that a starting silo knows which registries to ask.</summary>
public sealed class ModelCatalogGrain(
    [PersistentState("catalog", RecNames.ModelStorage)] IPersistentState<ModelCatalogRecord> state) : Grain, IModelCatalogGrain
{
    public async Task AddAsync(string model)
    {
        if (!state.State.Models.Contains(model, StringComparer.Ordinal))
        {
            state.State.Models.Add(model);
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> GetModelsAsync() => Task.FromResult(state.State.Models.Order(StringComparer.Ordinal).ToArray());
}
