namespace Orleans.Rec.Models;

/// <summary>How a version was made from its parent (the <c>relation</c> of its lineage).</summary>
public static class LineageRelations
{
    /// <summary>Trained further from the parent's weights (new data, more epochs).</summary>
    public const string FineTuned = "fine-tuned";

    /// <summary>The parent with its weights stored in fewer bits.</summary>
    public const string Quantized = "quantized";

    /// <summary>The parent with weights or catalog items removed.</summary>
    public const string Pruned = "pruned";

    /// <summary>A smaller model trained to imitate the parent.</summary>
    public const string Distilled = "distilled";

    /// <summary>Made smaller by <c>rec compress</c> in another way.</summary>
    public const string Compressed = "compressed";

    /// <summary>Every relation an upload may name.</summary>
    public static readonly string[] All = [FineTuned, Quantized, Pruned, Distilled, Compressed];

    /// <summary>The relation a compression report describes: distilled when its method distilled, pruned when it pruned, else compressed.</summary>
    public static string FromCompressionMethod(string method) =>
        method.Contains("distill", StringComparison.OrdinalIgnoreCase) ? Distilled
        : method.Contains("prun", StringComparison.OrdinalIgnoreCase) ? Pruned
        : Compressed;
}
