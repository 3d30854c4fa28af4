using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec;
using Orleans.Rec.Alerts;
using Orleans.Runtime.Hosting;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Impressions;
using Orleans.Rec.Inference;
using Orleans.Rec.Validation;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Placement;
using Orleans.Rec.Profiles;
using Orleans.Rec.Push;
using Orleans.Rec.Serving;
using Orleans.Rec.Storage;
using Orleans.Rec.Streaming;
using Orleans.Rec.Streaming.Kafka;
using Orleans.Storage;
using Orleans.Streams;

namespace Orleans.Hosting;

/// <summary>Registers everything a silo of Orleans.Rec needs; clustering comes from <see cref="RecClusterProfileExtensions.UseRecClustering"/>.</summary>
public static class RecSiloBuilderExtensions
{
    /// <summary>
    /// Grain storage (under <c>Rec:DataDir</c>: profiles in a log, the rest in files; or Azure Blob / Redis on the Cluster profile), artifacts in <c>&lt;DataDir&gt;/artifacts/</c>, the event stream
    /// (in-process, or Kafka when <c>Rec:Streaming:Provider</c> is <c>Kafka</c>), the inference engine and popularity tracking.
    /// </summary>
    public static ISiloBuilder AddRecSilo(this ISiloBuilder builder)
    {
        var services = builder.Services;
        builder.UseRecTls();
        services.AddOptions<RecOptions>().BindConfiguration(RecOptions.SectionName).Validate(o => !string.IsNullOrWhiteSpace(o.DataDir), "Rec:DataDir must not be empty.").ValidateOnStart();
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName)
            .Validate(o => o.Device is null || ModelConfigRules.Devices.Contains(o.Device), "Rec:Inference:Device must be 'cpu' or 'cuda'.")
            .Validate(o => o.ConfigRefreshInterval > TimeSpan.Zero && o.BatchInstances >= 0 && o.IntraOpThreads >= 0, "Rec:Inference:ConfigRefreshInterval must be positive; BatchInstances and IntraOpThreads must not be negative.")
            .Validate(o => o.UnloadGrace >= TimeSpan.Zero, "Rec:Inference:UnloadGrace must not be negative.")
            .ValidateOnStart();
        services.AddOptions<ProfileOptions>().BindConfiguration(ProfileOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProfileOptions>, ProfileOptionsValidator>());
        services.AddOptions<PopularityOptions>().BindConfiguration(PopularityOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PopularityOptions>, PopularityOptionsValidator>());

        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.SectionName)
            .Validate(o => o.SampleInterval > TimeSpan.Zero && o.AlertEvaluationInterval > TimeSpan.Zero, "Rec:Monitoring:SampleInterval and AlertEvaluationInterval must be positive.")
            .Validate(o => o.HistorySamples is > 0 and <= 100_000, "Rec:Monitoring:HistorySamples must be 1..100000.")
            .Validate(o => o.MonitorWriteBehind > TimeSpan.Zero && o.KeepAliveInterval > TimeSpan.Zero && o.MonitorReporters > 0, "Rec:Monitoring:MonitorWriteBehind, KeepAliveInterval and MonitorReporters must be positive.")
            .ValidateOnStart();

        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName)
            .Validate(o => o.WebhookAttempts is >= 1 and <= 20 && o.WebhookBackoff >= TimeSpan.Zero && o.WebhookTimeout > TimeSpan.Zero, "Rec:Alerts:WebhookAttempts must be 1..20, WebhookBackoff not negative, WebhookTimeout positive.")
            .Validate(o => o.BufferCapacity > 0 && o.ResolvedKept > 0, "Rec:Alerts:BufferCapacity and ResolvedKept must be positive.")
            .Validate(o => o.Webhooks.All(AlertRules.IsWebhookUrl), "Rec:Alerts:Webhooks must be absolute http or https URLs.")
            .ValidateOnStart();
        services.AddHostedService<MonitoringKeeper>();
        services.AddSingleton<AlertNotifier>();
        services.AddSingleton<SiloResourceReader>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());

        // Traces continue from the gateway's request through every grain call.
        builder.AddActivityPropagation();

        services.TryAddSingleton(TimeProvider.System);
        var profilesInLog = ProfileStoreSettings.UsesLog(builder.Configuration);
        builder.AddRecGrainStorage((services, name) => AddLocalStorage(services, name, profilesInLog));
        if (builder.Configuration.GetRecProfile() == RecProfile.Local)
        {
            // The Cluster profile keeps reminders in Azure Table or Redis (UseRecClustering); locally, and in test
            // clusters, they live as long as the silo (nothing local needs more).
            builder.UseInMemoryReminderService();
        }


        services.AddRecArtifacts();
        services.AddSingleton<OnnxSessionFactory>();
        services.AddSingleton<IInferenceEngine, InferenceEngine>();
        services.AddHostedService<ModelConfigWatcher>();
        services.AddSingleton<TrafficPolicyCache>();
        services.AddSingleton<ServedModelPreloader>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ServedModelPreloader>());
        services.AddPlacementDirector<SiloTargetedPlacement, SiloTargetedPlacementDirector>();
        services.AddSingleton<PopularityTracker>();
        services.AddSingleton<RecommendationPipeline>();
        services.AddSingleton<LocalProfiles>();
        services.AddSingleton<ILocalRecommendations, LocalRecommendations>();
        services.AddHostedService<ServedListSweeper>();
        services.AddHostedService<PopularityFlusher>();
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PushOptions>, PushOptionsValidator>());
        services.AddSingleton<RecommendationPusher>();

        var streaming = builder.Configuration.GetSection(StreamingSettings.SectionName).Get<StreamingSettings>() ?? new StreamingSettings();
        services.AddSingleton(streaming);
        if (streaming.UsesKafka)
        {
            AddKafkaEvents(builder);
        }
        else if (string.Equals(streaming.Provider, StreamingSettings.Memory, StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IImpressionLog, NullImpressionLog>();
            services.AddSingleton<IRecommendationPublisher, NullRecommendationPublisher>();
            builder.AddMemoryStreams(RecNames.EventStreamProvider, streams => streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
        }
        else
        {
            throw new InvalidOperationException($"{StreamingSettings.SectionName}:Provider is '{streaming.Provider}'; expected Memory or Kafka.");
        }

        return builder;
    }

    /// <summary>
    /// User events from the Kafka topic <c>Rec:Kafka:UserHistoryTopic</c> (one Orleans queue per partition), checkpointed
    /// through the profiles, and served lists to the impression log.
    /// </summary>
    private static void AddKafkaEvents(ISiloBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<KafkaSettings>().BindConfiguration(KafkaSettings.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaSettings>, KafkaSettingsValidator>());
        services.AddSingleton<IKafkaMessageCodec, UserEventKafkaCodec>();
        var fileProfiles = builder.Configuration.GetRecProfile() == RecProfile.Local && !ProfileStoreSettings.UsesLog(builder.Configuration);
        services.AddSingleton<IKafkaCheckpointParticipant>(sp => new ProfileCheckpointParticipant(
            sp.GetRequiredService<IGrainFactory>(),
            fileProfiles ? ProfileCheckpointParticipant.FileStoreWrites : ProfileCheckpointParticipant.BatchingStoreWrites,
            () => sp.GetRequiredService<RecommendationPusher>().Window is not null,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<KafkaImpressionLog>();
        services.AddSingleton<IImpressionLog>(sp => sp.GetRequiredService<KafkaImpressionLog>());
        services.AddSingleton<IAlertPublisher, KafkaAlertPublisher>();
        services.AddSingleton<IRecommendationPublisher, KafkaRecommendationPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<KafkaImpressionLog>());
        builder.AddKafkaStreams(
            RecNames.EventStreamProvider,
            options => options.Configure<IOptions<KafkaSettings>>((o, kafka) =>
            {
                var k = kafka.Value;
                o.BootstrapServers = k.BootstrapServers;
                o.Topics = [k.Delivery == KafkaEventDelivery.Partition
                    ? new KafkaTopicOptions { Name = k.HistoryTopic, StreamNamespace = RecNames.UserEventPartitionsNamespace, Delivery = KafkaDelivery.PerPartition }
                    : new KafkaTopicOptions { Name = k.HistoryTopic, StreamNamespace = RecNames.UserEventsNamespace }];
                o.DeadLetterTopic = k.DeadLetters;
                o.DeadLetterRetryInterval = k.DeadLetterRetryInterval;
                o.MaxUnacknowledgedDeadLetters = k.MaxUnacknowledgedDeadLetters;
                o.ConsumerGroup = k.ConsumerGroup;
                o.PollBatchSize = k.PollBatchSize;
                o.CommitInterval = k.CommitInterval;
                o.CaughtUpCommitDelay = k.CaughtUpCommitDelay;
                o.CacheSize = k.CacheSize;
                o.PollInterval = k.PollInterval;
                o.Properties = new Dictionary<string, string>(k.Properties, StringComparer.Ordinal);
            }),
            streams => streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
    }

    /// <summary>
    /// The artifact pipeline: the store chosen by <c>Rec:Artifacts:Store</c> (<c>Local</c>: <c>&lt;DataDir&gt;/artifacts/</c>;
    /// <c>AzureBlob</c>), the key-encryption keys (configured ones and the local key file) and their validation.
    /// </summary>
    public static IServiceCollection AddRecArtifacts(this IServiceCollection services)
    {
        services.AddOptions<ArtifactOptions>().BindConfiguration(ArtifactOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ArtifactOptions>, ArtifactOptionsValidator>();
        services.AddSingleton<IArtifactStore>(sp =>
        {
            var artifacts = sp.GetRequiredService<IOptions<ArtifactOptions>>().Value;
            return artifacts.Store == ArtifactStoreKind.AzureBlob
                ? new AzureBlobArtifactStore(AzureBlobArtifactStore.CreateContainerClient(artifacts.AzureBlob))
                : new LocalFolderArtifactStore(Path.Combine(sp.GetRequiredService<IOptions<RecOptions>>().Value.FullDataDir, "artifacts"));
        });
        services.AddSingleton<IKeyEncryptionKeys>(sp => KeyRing.Create(
            sp.GetRequiredService<IOptions<ArtifactOptions>>().Value.Keys,
            sp.GetRequiredService<IOptions<RecOptions>>().Value.FullDataDir,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ArtifactPipeline>();
        services.AddHostedService<ArtifactKeysStartup>();
        return services;
    }

    /// <summary>
    /// Local grain storage under <c>&lt;DataDir&gt;/state/</c>: profiles in the log store (<c>state/.log/profiles/</c>,
    /// reading older per-file state beside it) unless <c>Rec:Profiles:Store</c> is <c>Files</c>; everything else in files.
    /// </summary>
    private static void AddLocalStorage(IServiceCollection services, string name, bool profilesInLog)
    {
        if (name != RecNames.ProfileStorage || !profilesInLog)
        {
            services.AddGrainStorage(name, FileStorage);
            return;
        }

        services.AddOptions<LogGrainStorageOptions>().BindConfiguration(LogGrainStorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogGrainStorageOptions>, LogGrainStorageOptionsValidator>();
        services.AddGrainStorage(name, (sp, storageName) => new LogGrainStorage(
            storageName,
            // A dot folder: no file storage state name maps to it (FileGrainStorage.SafeSegment never starts with a dot).
            Path.Combine(StateRoot(sp), ".log", storageName),
            sp.GetRequiredService<IOptions<LogGrainStorageOptions>>().Value,
            FileStorage(sp, storageName),
            sp.GetRequiredService<IGrainStorageSerializer>(),
            sp.GetRequiredService<ILogger<LogGrainStorage>>()));
    }

    private static FileGrainStorage FileStorage(IServiceProvider sp, string storageName) => new(
        storageName,
        new FileGrainStorageOptions { RootDirectory = StateRoot(sp) },
        sp.GetRequiredService<IGrainStorageSerializer>(),
        sp.GetRequiredService<ILogger<FileGrainStorage>>());

    private static string StateRoot(IServiceProvider sp) => Path.Combine(sp.GetRequiredService<IOptions<RecOptions>>().Value.FullDataDir, "state");
}
