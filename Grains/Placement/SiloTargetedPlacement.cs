
namespace Orleans.Rec.Placement;

/// <summary>Places a grain on the silo named by its string key (a <see cref="SiloAddress"/> in parsable form).</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("rec.SiloTargetedPlacement")]
public sealed class SiloTargetedPlacement : PlacementStrategy
{
    public static SiloTargetedPlacement Singleton { get; } = new();
}
