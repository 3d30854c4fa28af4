using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;

namespace Orleans.Rec.Monitoring;

/// <summary>
/// Samples how a model's versions serve: on every tick it asks each active silo's agent for the model's cumulative
/// counters, takes the deltas since the previous tick and keeps one <see cref="HistorySample"/> per version with
/// traffic in a bounded ring. The history lives in memory (a restarted grain starts a new one); the timer keeps the
/// activation alive, and the registry wakes it again when a version starts serving.
/// </summary>
public sealed class ModelHistoryGrain(IOptions<MonitoringOptions> options, TimeProvider time, ILogger<ModelHistoryGrain> logger) : Grain, IModelHistoryGrain
{
    private readonly SortedDictionary<int, Queue<HistorySample>> _samples = [];
    private Dictionary<(string Silo, int Version), (DateTimeOffset LoadedAt, ServingCounters Counters)> _previous = [];
    private readonly Dictionary<int, (long Samples, long LoadedEverywhere)> _uptime = [];
    private readonly Queue<SiloResources> _resources = new();
    private HashSet<string>? _silos;
    private long _membershipChanges;
    private DateTimeOffset _observedSince;
    private DateTimeOffset? _lastSampleAt;

    private string Model => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _observedSince = time.GetUtcNow();
        var interval = options.Value.SampleInterval;
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        await TickAsync(cancellationToken);

        // The model's alerts are evaluated from this history, for as long as it is sampled.
        GrainFactory.GetGrain<IAlertManagerGrain>(Model).StartAsync().Ignore();
    }

    public Task StartAsync() => Task.CompletedTask;

    public Task<VersionHistory[]> SampleAsync() => SampleCoreAsync();

    public Task<VersionAvailability> GetAvailabilityAsync(int version)
    {
        var uptime = _uptime.GetValueOrDefault(version);
        var kept = _samples.TryGetValue(version, out var ring) ? ring.ToArray() : [];
        var attempts = kept.Sum(s => s.Attempts);
        return Task.FromResult(new VersionAvailability
        {
            ObservedSince = _observedSince,
            Samples = uptime.Samples,
            SamplesLoadedEverywhere = uptime.LoadedEverywhere,
            MembershipChanges = _membershipChanges,
            Attempts = attempts,
            ErrorRatio = attempts == 0 ? 0 : (double)kept.Sum(s => s.Expired + s.Failed) / attempts,
            ShedRatio = attempts == 0 ? 0 : (double)kept.Sum(s => s.Shed) / attempts,
        });
    }

    public Task<ModelHistory> GetHistoryAsync(TimeSpan window)
    {
        var since = time.GetUtcNow() - window;
        return Task.FromResult(new ModelHistory
        {
            Model = Model,
            IntervalSeconds = options.Value.SampleInterval.TotalSeconds,
            Versions = _samples
                .Select(v => new VersionHistory { Version = v.Key, Samples = v.Value.Where(s => s.At >= since).ToArray() })
                .Where(v => v.Samples.Length > 0)
                .ToArray(),
            Silos = _resources.Where(r => r.At >= since).ToArray(),
        });
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SampleCoreAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            MonitoringLog.SampleFailed(logger, e, Model);
        }
    }

    private async Task<VersionHistory[]> SampleCoreAsync()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var perSilo = await Task.WhenAll(hosts.Keys.Select(StatusOnAsync));
        AddResources(await Task.WhenAll(hosts.Keys.Select(ResourcesOnAsync)), hosts.Count);
        var policy = await GrainFactory.GetGrain<IModelRegistryGrain>(Model).GetTrafficAsync();
        var now = time.GetUtcNow();
        var silos = hosts.Keys.Select(h => h.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        if (_silos is not null)
        {
            _membershipChanges += silos.Count(s => !_silos.Contains(s)) + _silos.Count(s => !silos.Contains(s));
        }

        _silos = silos;

        var current = new Dictionary<(string Silo, int Version), (DateTimeOffset LoadedAt, ServingCounters Counters)>();
        var deltas = new Dictionary<int, ServingCounters>();
        var loadedOn = new Dictionary<int, int>();
        foreach (var status in perSilo.SelectMany(s => s))
        {
            var key = (status.Silo, status.Version);
            var counters = ServingCounters.Of(status);
            current[key] = (status.LoadedAt, counters);
            if (status.ReadyAt is not null)
            {
                loadedOn[status.Version] = loadedOn.GetValueOrDefault(status.Version) + 1;
            }

            // A load this grain has not seen yet (a new silo, a reload) counts from zero: it started after the previous sample.
            var earlier = _previous.TryGetValue(key, out var previous) && previous.LoadedAt == status.LoadedAt ? previous.Counters : ServingCounters.Zero;
            deltas[status.Version] = (deltas.GetValueOrDefault(status.Version) ?? ServingCounters.Zero).Plus(counters.Since(earlier));
        }

        _previous = current;
        if (_lastSampleAt is not DateTimeOffset last)
        {
            // The first look only records where the counters stand.
            _lastSampleAt = now;
            return [];
        }

        _lastSampleAt = now;
        var versions = policy.Versions.Concat(deltas.Where(d => d.Value.Attempts > 0).Select(d => d.Key)).Distinct().Order().ToArray();
        var added = new List<VersionHistory>(versions.Length);
        foreach (var version in versions)
        {
            var delta = deltas.GetValueOrDefault(version) ?? ServingCounters.Zero;
            var accuracy = (await GrainFactory.GetGrain<IModelMonitorGrain>(ModelKeys.MonitorKey(Model, version)).GetAccuracyAsync()).Overall;
            var closed = accuracy.Impressions > 0;
            var sample = new HistorySample
            {
                At = now,
                IntervalSeconds = (now - last).TotalSeconds,
                Requests = delta.Requests,
                Batches = delta.Batches,
                Shed = delta.Shed,
                Expired = delta.Expired,
                Failed = delta.Failed,
                LatencyBuckets = delta.LatencyBuckets,
                P50Ms = LatencyPercentiles.Of(delta.LatencyBuckets, 0.50),
                P95Ms = LatencyPercentiles.Of(delta.LatencyBuckets, 0.95),
                P99Ms = LatencyPercentiles.Of(delta.LatencyBuckets, 0.99),
                PrecisionAtK = closed ? accuracy.PrecisionAtK : null,
                RecallAtK = closed ? accuracy.RecallAtK : null,
                HitRate = closed ? accuracy.HitRate : null,
                Impressions = accuracy.Impressions,
                SilosLoaded = loadedOn.GetValueOrDefault(version),
                SilosActive = hosts.Count,
                ColdRequests = delta.Cold,
            };
            Add(version, sample);
            var uptime = _uptime.GetValueOrDefault(version);
            _uptime[version] = (uptime.Samples + 1, uptime.LoadedEverywhere + (sample.SilosLoaded >= sample.SilosActive && sample.SilosActive > 0 ? 1 : 0));
            added.Add(new VersionHistory { Version = version, Samples = [sample] });
        }

        Prune(now);
        return [.. added];
    }

    private async Task<LoadedVersionStatus[]> StatusOnAsync(SiloAddress silo)
    {
        try
        {
            return await GrainFactory.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).GetStatusAsync(Model);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A silo leaving: it counts as not having the version loaded.
            MonitoringLog.SiloStatusFailed(logger, Model, silo.ToParsableString(), e.Message);
            return [];
        }
    }

    private async Task<SiloResources?> ResourcesOnAsync(SiloAddress silo)
    {
        try
        {
            return await GrainFactory.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).GetResourcesAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            MonitoringLog.SiloStatusFailed(logger, Model, silo.ToParsableString(), e.Message);
            return null;
        }
    }

    /// <summary>Keeps the silos' reads for as many samples as the version rings hold.</summary>
    private void AddResources(SiloResources?[] reads, int silos)
    {
        foreach (var read in reads)
        {
            if (read is not null)
            {
                _resources.Enqueue(read);
            }
        }

        while (_resources.Count > options.Value.HistorySamples * Math.Max(1, silos))
        {
            _resources.Dequeue();
        }
    }

    private void Add(int version, HistorySample sample)
    {
        if (!_samples.TryGetValue(version, out var ring))
        {
            ring = new Queue<HistorySample>();
            _samples[version] = ring;
        }

        ring.Enqueue(sample);
        while (ring.Count > options.Value.HistorySamples)
        {
            ring.Dequeue();
        }
    }

    /// <summary>Forgets versions whose newest sample is older than the whole ring spans.</summary>
    private void Prune(DateTimeOffset now)
    {
        var span = options.Value.SampleInterval * options.Value.HistorySamples;
        foreach (var version in _samples.Where(v => v.Value.Count == 0 || now - v.Value.Last().At > span).Select(v => v.Key).ToArray())
        {
            _samples.Remove(version);
        }
    }
}
