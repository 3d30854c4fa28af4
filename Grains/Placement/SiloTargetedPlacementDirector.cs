using Orleans.Runtime.Placement;

namespace Orleans.Rec.Placement;

/// <summary>Puts a silo-targeted grain on its silo, and refuses when that silo is not an active member.</summary>
public sealed class SiloTargetedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var silo = SiloAddress.FromParsableString(key);
        if (!context.GetCompatibleSilos(target).Contains(silo))
        {
            throw new OrleansException($"Silo {key} is not an active member of the cluster.");
        }

        return Task.FromResult(silo);
    }
}
