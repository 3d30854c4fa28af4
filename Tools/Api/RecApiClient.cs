using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Rec.Tools.Api;

/// <summary>
/// Talks to the Orleans.Rec REST gateway: model upload and activation, event ingestion. Failures come back as
/// <see cref="ApiProblem"/> values; event batches are retried on 503 and connection errors with exponential backoff.
/// </summary>
public sealed class RecApiClient
{
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly string? _apiKey;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    /// <param name="http">The client to send with (its BaseAddress is ignored).</param>
    /// <param name="baseUri">The gateway's base URL.</param>
    /// <param name="apiKey">Sent as <c>X-Api-Key</c> when not null.</param>
    /// <param name="delay">Waits between retries; <see cref="Task.Delay(TimeSpan, CancellationToken)"/> when null.</param>
    public RecApiClient(HttpClient http, Uri baseUri, string? apiKey = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        _http = http;
        _baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _apiKey = apiKey;
        _delay = delay ?? Task.Delay;
    }

    /// <summary>Attempts per event batch before giving up on 503s or connection errors.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; doubled for each further one.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary><c>POST /v1/models/{model}/versions</c> with the <c>artifact</c> and <c>config</c> parts; expects 201.</summary>
    public Task<ApiResult<ModelVersionResponse>> UploadVersionAsync(string model, string artifactPath, string configPath, CancellationToken cancellationToken = default) =>
        UploadVersionAsync(model, artifactPath, configPath, new UploadSettings(), cancellationToken);

    /// <summary>
    /// <c>POST /v1/models/{model}/versions</c> with the <c>artifact</c> (streamed from disk, its size announced so the
    /// silo allocates it once), <c>config</c> and the optional <c>quantization</c>, <c>compression</c> and <c>report</c> parts; expects 201.
    /// </summary>
    public async Task<ApiResult<ModelVersionResponse>> UploadVersionAsync(string model, string artifactPath, string configPath, UploadSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var content = new MultipartFormDataContent();
        Stream file = File.OpenRead(artifactPath);
        var length = file.Length;
        if (settings.Progress is not null)
        {
            file = new ProgressReadStream(file, settings.Progress);
        }

        var artifact = new StreamContent(file, 1 << 20);
        artifact.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        artifact.Headers.ContentLength = length;
        content.Add(artifact, "artifact", Path.GetFileName(artifactPath));
        var config = new StreamContent(File.OpenRead(configPath));
        config.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Add(config, "config", Path.GetFileName(configPath));
        if (settings.Quantization is not null)
        {
            content.Add(new StringContent(settings.Quantization), "quantization");
        }

        if (settings.Compression is not null)
        {
            content.Add(new StringContent(settings.Compression), "compression");
        }

        if (settings.ReportPath is not null)
        {
            var report = new StreamContent(File.OpenRead(settings.ReportPath));
            report.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Add(report, "report", Path.GetFileName(settings.ReportPath));
        }

        if (settings.Parent is int parent)
        {
            content.Add(new StringContent(parent.ToString(System.Globalization.CultureInfo.InvariantCulture)), "parent");
            content.Add(new StringContent(settings.Relation ?? ""), "relation");
        }

        using var request = CreateRequest(HttpMethod.Post, $"v1/models/{Uri.EscapeDataString(model)}/versions", content);
        return await SendAsync<ModelVersionResponse>(request, cancellationToken);
    }

    /// <summary><c>POST /v1/models/{model}/versions/{version}/activate</c>; expects 200.</summary>
    public async Task<ApiResult<JsonElement>> ActivateAsync(string model, int version, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Post, $"v1/models/{Uri.EscapeDataString(model)}/versions/{version}/activate", content: null);
        return await SendAsync<JsonElement>(request, cancellationToken);
    }

    /// <summary><c>POST /v1/events</c>; expects 202 <c>{"accepted":n}</c>. Retries 503s and connection errors.</summary>
    public async Task<ApiResult<EventsAccepted>> PostEventsAsync(IReadOnlyList<EventDto> events, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new EventBatch(events), Json);
        var backoff = FirstBackoff;
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = CreateRequest(HttpMethod.Post, "v1/events", content);
            var result = await SendAsync<EventsAccepted>(request, cancellationToken);
            var retryable = result.Problem is { Status: (int)HttpStatusCode.ServiceUnavailable or 0 };
            if (!retryable || attempt >= MaxAttempts)
            {
                return result;
            }

            await _delay(backoff, cancellationToken);
            backoff *= 2;
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string relative, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseUri, relative)) { Content = content };
        if (_apiKey is not null)
        {
            request.Headers.Add(ApiKeyHeader, _apiKey);
        }

        return request;
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return ApiResult<T>.Failure(new ApiProblem(0, "Connection failed", e.Message));
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiResult<T>.Failure(new ApiProblem(0, "Request timed out", e.Message));
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult<T>.Failure(await ReadProblemAsync(response, cancellationToken));
            }

            try
            {
                var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return value is null
                    ? ApiResult<T>.Failure(new ApiProblem((int)response.StatusCode, "Empty response", "The gateway answered without a body."))
                    : ApiResult<T>.Success(value);
            }
            catch (JsonException e)
            {
                return ApiResult<T>.Failure(new ApiProblem((int)response.StatusCode, "Unreadable response", e.Message));
            }
        }
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                return new ApiProblem(status, title ?? response.ReasonPhrase ?? "Request failed", detail);
            }
        }
        catch (JsonException)
        {
            // Not ProblemDetails: fall back to the status line and the start of the body.
        }

        var snippet = text.Length > 300 ? text[..300] : text;
        return new ApiProblem(status, response.ReasonPhrase ?? "Request failed", string.IsNullOrWhiteSpace(snippet) ? null : snippet);
    }
}
