using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Compression;

/// <summary>The result of <see cref="CatalogPruner"/>: the smaller model and how its item indices map to the old ones.</summary>
/// <param name="Model">The model with only the kept items (same order, padding row first).</param>
/// <param name="NewIndexOf">For each old model index (0 = padding, i + 1 = old item i): its new index, or -1 when dropped. Padding maps to 0.</param>
/// <param name="Dropped">How many items were dropped.</param>
public sealed record CatalogPruning(TrainedModel Model, int[] NewIndexOf, int Dropped);
