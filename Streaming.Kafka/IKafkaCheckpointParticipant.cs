namespace Orleans.Rec.Streaming.Kafka;

/// <summary>
/// Makes delivered events durable before their partition's offset is committed. Called once per partition per
/// commit interval with the events delivered since the last checkpoint, grouped by stream; consumers that apply
/// events in memory and persist write-behind persist now.
/// </summary>
public interface IKafkaCheckpointParticipant
{
    /// <summary>
    /// Persists the consumers of <paramref name="delivered"/>. Returns false when a consumer no longer holds an event
    /// it was given (it lost unsaved state, e.g. its silo died): the partition then rewinds to its last commit and
    /// delivers again. Throwing skips this commit; the next checkpoint retries.
    /// </summary>
    Task<bool> PersistAsync(IReadOnlyDictionary<StreamId, List<object>> delivered, CancellationToken cancellationToken);
}
