namespace Orleans.Rec;

/// <summary>
/// Grain references without Orleans' per-call interface lookup. <c>GetGrain&lt;T&gt;(key)</c> resolves T's grain
/// interface type on every call (Orleans 10.4 reads its attributes and formats its type name each time): on the Kafka
/// ingest path, one profile reference per user per batch, that was ~15% of everything the silo allocated; the gateway
/// takes one profile reference per request. Here T's grain type and interface type are resolved once per process.
/// </summary>
public static class GrainReferenceCache
{
    /// <summary>The grain of interface <typeparamref name="T"/> with string key <paramref name="key"/>; same as <c>GetGrain&lt;T&gt;(key)</c>.</summary>
    public static T GetCachedGrain<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        var types = Types<T>.Resolved ??= Resolve<T>(grains);
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private static ResolvedTypes Resolve<T>(IGrainFactory grains)
        where T : IGrainWithStringKey
    {
        var probe = (GrainReference)(object)grains.GetGrain<T>("type-probe");
        return new ResolvedTypes(probe.GrainId.Type, probe.InterfaceType);
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Types<T>
    {
        public static ResolvedTypes? Resolved;
    }
}
