namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// The model names a recommendation request may ask for: the default model, and those in the model catalog (activated
/// at least once). Checked at the edge so that a request naming anything else creates nothing for that name — no
/// registry activation, no traffic-policy cache entry, no monitor grain. A name not yet seen asks the catalog again
/// (one call at a time for all such requests), so a model is known from the moment its first activation returns.
/// </summary>
internal sealed class KnownModels(IClusterClient client)
{
    private readonly Lock _lock = new();
    private volatile HashSet<string> _names = new(StringComparer.Ordinal) { RecNames.DefaultModel };
    private Task<HashSet<string>>? _refresh;

    public async ValueTask<bool> ContainsAsync(string model)
    {
        if (_names.Contains(model))
        {
            return true;
        }

        return (await RefreshAsync()).Contains(model);
    }

    private Task<HashSet<string>> RefreshAsync()
    {
        lock (_lock)
        {
            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = FetchAsync();
            }

            return _refresh;
        }
    }

    private async Task<HashSet<string>> FetchAsync()
    {
        var names = new HashSet<string>(await client.GetGrain<IModelCatalogGrain>(0).GetModelsAsync(), StringComparer.Ordinal) { RecNames.DefaultModel };
        _names = names;
        return names;
    }
}
