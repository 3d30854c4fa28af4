namespace Orleans.Rec.Tools.Training;

/// <summary>An item embedding table ready for export: row 0 is padding (zeros), row i + 1 is <c>ItemIds[i]</c>.</summary>
/// <param name="ItemIds">External item ids in model order (most popular first).</param>
/// <param name="Table">Row-major (ItemIds.Count + 1) × Dimensions embeddings.</param>
/// <param name="Dimensions">Columns of <paramref name="Table"/>.</param>
/// <param name="Algorithm">The algorithm and its parameters, in one line.</param>
public sealed record TrainedModel(string[] ItemIds, float[] Table, int Dimensions, string Algorithm)
{
    /// <summary>Rows of the table, padding included.</summary>
    public int Rows => ItemIds.Length + 1;
}
