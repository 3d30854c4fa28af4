using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Events;

namespace Orleans.Rec.Api.Apis;

/// <summary><c>POST /v1/events</c>: events into the <c>user-events</c> stream (or its Kafka topic), keyed by user.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", PostEventsAsync)
            .WithTags("Events")
            .WithSummary("Ingest one event or a batch {\"events\":[...]}")
            .Accepts<JsonElement>("application/json")
            .WithMetadata(new BodySizeLimit(app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.MaxEventsBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    internal static async Task<Results<Accepted<AcceptedResponse>, ValidationProblem>> PostEventsAsync(
        HttpRequest request,
        IEventPublisher publisher,
        IOptions<ApiOptions> options,
        RequestJson json,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, json.Document, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON: {e.Message}"] });
        }

        List<UserEvent> events;
        using (document)
        {
            var errors = new Dictionary<string, string[]>();
            events = EventParser.Parse(document.RootElement, options.Value.MaxEventsPerBatch, time.GetUtcNow(), errors);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
        }

        await publisher.PublishAsync(events, cancellationToken);
        return TypedResults.Accepted((string?)null, new AcceptedResponse(events.Count));
    }
}
