namespace Orleans.Rec.Storage;

/// <summary>
/// The tail of a segment that recovery moved aside: the bytes from the first record that did not read back whole to
/// the segment's end, kept unchanged in <see cref="Path"/> (beside the segment) for an operator to inspect or salvage.
/// </summary>
/// <param name="Path">The quarantine file: <c>&lt;segment&gt;.&lt;offset&gt;.quarantine</c>.</param>
/// <param name="Segment">The segment file the bytes came from.</param>
/// <param name="Offset">Where in the segment the bad record began.</param>
/// <param name="Bytes">How many bytes were moved.</param>
/// <param name="Torn">
/// True for the unfinished last write of a crash (an incomplete record or zeros at the end of the newest segment:
/// never acknowledged); false for a record that is damaged where whole records were (bit rot): acknowledged data
/// may be in the file.
/// </param>
public sealed record LogQuarantine(string Path, string Segment, long Offset, long Bytes, bool Torn)
{
    public const string Extension = ".quarantine";
}
