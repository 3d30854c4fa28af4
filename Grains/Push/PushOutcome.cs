namespace Orleans.Rec.Push;

/// <summary>What became of a burst's push.</summary>
public enum PushOutcome
{
    /// <summary>At least one list was published; the burst's sequence number is used.</summary>
    Published,

    /// <summary>No model pushes for this user now (push switched off, no version serves them): the burst ends without a list.</summary>
    NothingToPush,

    /// <summary>Computing or publishing failed: the burst keeps waiting and is tried again.</summary>
    Failed,
}
