namespace Orleans.Rec.Models;

/// <summary>Walks a version's lineage: the version, its parent, the parent's parent… to the root. Pure.</summary>
public static class LineageWalk
{
    /// <summary>
    /// The chain from <paramref name="version"/> to its root, the version first; empty when it is not in
    /// <paramref name="versions"/>. It ends at a version with no parent, at a parent that is not in
    /// <paramref name="versions"/>, or before a version seen already (a loop cannot form through uploads, which name
    /// only earlier versions, but stored state is not trusted to say so).
    /// </summary>
    public static List<ModelVersionInfo> Walk(int version, IReadOnlyDictionary<int, ModelVersionInfo> versions)
    {
        var chain = new List<ModelVersionInfo>();
        var seen = new HashSet<int>();
        for (int? next = version; next is int v && seen.Add(v) && versions.TryGetValue(v, out var info); next = info.Parent)
        {
            chain.Add(info);
        }

        return chain;
    }
}
