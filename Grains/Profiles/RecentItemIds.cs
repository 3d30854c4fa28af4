namespace Orleans.Rec.Profiles;

/// <summary>The item ids of a profile's recent interactions, oldest first, read in place (no copy per request).</summary>
internal sealed class RecentItemIds(List<Interaction> recent) : IReadOnlyList<string>
{
    public int Count => recent.Count;

    public string this[int index] => recent[index].ItemId;

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var interaction in recent)
        {
            yield return interaction.ItemId;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
