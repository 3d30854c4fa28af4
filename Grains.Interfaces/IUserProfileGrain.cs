using Orleans.Rec.Events;
using Orleans.Rec.Inference;
using Orleans.Rec.Profiles;

namespace Orleans.Rec;

/// <summary>One user's profile (key: user id), fed by the <c>user-events</c> stream.</summary>
[Alias("rec.IUserProfileGrain")]
public interface IUserProfileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies events (the <c>user-events</c> stream and the Kafka partition grain call it; repeats are dropped by id)
    /// and returns how many were new. They are durable within <c>Rec:Profiles:WriteBehind</c>, or sooner when a
    /// checkpointed source calls <see cref="PersistAsync"/>.
    /// </summary>
    [Alias("ApplyEvents")]
    Task<int> ApplyEventsAsync(UserEvent[] events);

    /// <summary>
    /// Persists pending changes now (a stream checkpoint calls it before committing offsets) and returns how many of
    /// <paramref name="deliveredEventIds"/> this profile does not hold: more than zero means events were lost with an
    /// unsaved activation and must be delivered again.
    /// </summary>
    [Alias("Persist")]
    Task<int> PersistAsync(string[] deliveredEventIds);

    /// <summary>
    /// Push mode: how long until the burst waiting for its pushed list is due (zero: due, being published or retried),
    /// or null when none waits. A Kafka checkpoint asks before committing, so that no offset is committed before the list
    /// of the burst it carried has been published: a crash before that replays the events and the burst.
    /// </summary>
    [Alias("GetPushWait")]
    Task<TimeSpan?> GetPushWaitAsync();

    /// <summary>The user's profile.</summary>
    [Alias("GetProfile")]
    Task<UserProfileSnapshot> GetProfileAsync();

    /// <summary>The top <paramref name="k"/> items for the user from the model's active version, or popular items.</summary>
    [Alias("GetRecommendations")]
    Task<RecommendationResult> GetRecommendationsAsync(int k, string model);

    /// <summary>
    /// Takes the lists served on this silo without a grain call (<see cref="ILocalRecommendations"/>) into the state
    /// and writes them when due; the silo's sweeper calls it once the oldest has waited <c>Rec:Profiles:ServedWriteBehind</c>.
    /// </summary>
    [Alias("TakeServed")]
    Task TakeServedAsync();
}
