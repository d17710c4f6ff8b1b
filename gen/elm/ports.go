package elm

import "strings"

// renderPorts renders the module that joins the stream modules to the
// JavaScript glue: the command port that says which channels to follow,
// the status port, and the types both sides share. It does not depend on
// the model, only on the module names.
func (g *generator) renderPorts() []byte {
	src := strings.ReplaceAll(portsSource, "MODULE", g.portsModule)
	return []byte(src)
}

// portsSource is the ports module in elm-format's layout. JavaScript sends
// on sseStatus {status: "connected" | "reconnecting" | "reconnected"} or
// {status: "failed", code, message}; on each stream's port
// {stream, channel, event, id, data}, where event "resync" means that
// events of the channel were missed.
const portsSource = `port module MODULE exposing
    ( Channel, channel, follow
    , Status(..), Failure, onStatus
    , Problem(..)
    , receive
    )

{-| The link between the generated stream modules and the JavaScript glue
(` + "`ssegen.js`" + `), which keeps one EventSource for all the channels the app
follows.

An Elm subscription cannot tell JavaScript what it listens to, so the app
names its channels once with ` + "`follow`" + `, from the same model data as its
subscriptions, whenever that data changes:

    channels : Model -> List Channel
    channels model =
        [ Comment.channel model.itemId, System.channel ]

    -- in init and wherever model.itemId changes:
    follow (channels model)

The glue then opens one connection for all of them, resumes every channel
where it stopped after a reconnect, and hands each event to the
` + "`subscribe`" + ` of its stream module.


# Channels

@docs Channel, channel, follow


# Connection status

@docs Status, Failure, onStatus


# Problems with events

@docs Problem


# For the generated modules

@docs receive

-}

import Json.Decode as Decode
import Json.Encode as Encode


{-| One channel of one stream. Each stream module has a ` + "`channel`" + ` function
that builds them.
-}
type Channel
    = Channel String String


{-| The channel named ` + "`name`" + ` of ` + "`stream`" + `. Prefer the ` + "`channel`" + ` function of
the stream's module, which builds the name from a typed key.
-}
channel : String -> String -> Channel
channel stream name =
    Channel stream name


{-| Tells the JavaScript glue which channels the app follows: exactly these,
from now on. Give the whole list every time; an empty list closes the
connection.
-}
follow : List Channel -> Cmd msg
follow channels =
    sseCommand
        (Encode.object
            [ ( "follow", Encode.list topic channels ) ]
        )


topic : Channel -> Encode.Value
topic (Channel stream name) =
    Encode.string (stream ++ "/" ++ name)


port sseCommand : Encode.Value -> Cmd msg


port sseStatus : (Decode.Value -> msg) -> Sub msg


{-| The state of the one connection that carries every followed channel.

  - ` + "`Connected`" + `: the connection is open.
  - ` + "`Reconnecting`" + `: the connection was lost; the browser tries again.
  - ` + "`Reconnected`" + `: open again; the events missed meanwhile were delivered,
    or a ` + "`Resync`" + ` problem said which channels need fresh state.
  - ` + "`Failed`" + `: the server refused the connection (for example 401 or 403 from
    its authorizer, 404 for an unknown channel, 204 for a closed one). The
    glue does not retry until ` + "`follow`" + ` names another set of channels.

-}
type Status
    = Connected
    | Reconnecting
    | Reconnected
    | Failed Failure


{-| Why the connection failed for good: the HTTP status (0 when unknown) and
a message for logs.
-}
type alias Failure =
    { status : Int
    , message : String
    }


{-| Reports the connection's status changes.
-}
onStatus : (Status -> msg) -> Sub msg
onStatus toMsg =
    sseStatus (\value -> toMsg (decodeStatus value))


decodeStatus : Decode.Value -> Status
decodeStatus value =
    case Decode.decodeValue statusDecoder value of
        Ok status ->
            status

        Err error ->
            Failed { status = 0, message = Decode.errorToString error }


statusDecoder : Decode.Decoder Status
statusDecoder =
    Decode.field "status" Decode.string
        |> Decode.andThen
            (\status ->
                case status of
                    "connected" ->
                        Decode.succeed Connected

                    "reconnecting" ->
                        Decode.succeed Reconnecting

                    "reconnected" ->
                        Decode.succeed Reconnected

                    "failed" ->
                        Decode.map2 (\code message -> Failed { status = code, message = message })
                            (Decode.field "code" Decode.int)
                            (Decode.field "message" Decode.string)

                    _ ->
                        Decode.fail ("unknown status: " ++ status)
            )


{-| What a stream subscription reports besides events.

  - ` + "`BadEvent`" + `: the data of an event did not decode. The error says why;
    a client older than the server is the usual cause.
  - ` + "`Resync`" + `: the server could not replay what the channel missed while the
    connection was down. Fetch the channel's state afresh.

-}
type Problem
    = BadEvent { channel : String, event : String, id : String, error : Decode.Error }
    | Resync String


{-| Turns what the glue sends on a stream's port into a message. The
generated ` + "`subscribe`" + ` functions use it; apps need not.
-}
receive : (String -> Decode.Decoder event) -> (event -> msg) -> (Problem -> msg) -> Decode.Value -> msg
receive eventDecoder onEvent onProblem value =
    case Decode.decodeValue envelopeDecoder value of
        Err error ->
            onProblem (BadEvent { channel = "", event = "", id = "", error = error })

        Ok envelope ->
            if envelope.event == "resync" then
                onProblem (Resync envelope.channel)

            else
                case Decode.decodeString (eventDecoder envelope.event) envelope.data of
                    Ok event ->
                        onEvent event

                    Err error ->
                        onProblem (BadEvent { channel = envelope.channel, event = envelope.event, id = envelope.id, error = error })


type alias Envelope =
    { channel : String
    , event : String
    , id : String
    , data : String
    }


envelopeDecoder : Decode.Decoder Envelope
envelopeDecoder =
    Decode.map4 Envelope
        (Decode.field "channel" Decode.string)
        (Decode.field "event" Decode.string)
        (Decode.field "id" Decode.string)
        (Decode.field "data" Decode.string)
`
