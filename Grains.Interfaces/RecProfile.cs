namespace Orleans.Rec;

/// <summary>How silos and the gateway are hosted (<c>Rec:Profile</c>).</summary>
public enum RecProfile
{
    /// <summary>One machine: localhost clustering, grain state in files under <c>Rec:DataDir</c> (the default).</summary>
    Local,

    /// <summary>A real cluster: membership in Azure Table storage, grain state and artifacts in Azure Blob storage.</summary>
    Cluster,
}
