namespace Orleans.Rec;

/// <summary>Top-level settings under <c>Rec</c>.</summary>
public sealed class RecOptions
{
    public const string SectionName = "Rec";

    /// <summary>Folder for grain state, artifacts and keys on the local profile (<c>Rec:DataDir</c>).</summary>
    public string DataDir { get; set; } = "./.rec-data";

    /// <summary>The data folder as an absolute path.</summary>
    public string FullDataDir => Path.GetFullPath(DataDir);
}
