namespace Orleans.Rec.Storage;

/// <summary>Settings of one named <see cref="FileGrainStorage"/>.</summary>
public sealed class FileGrainStorageOptions
{
    /// <summary>The folder under which each grain's state is one JSON file.</summary>
    public string RootDirectory { get; set; } = "";
}
