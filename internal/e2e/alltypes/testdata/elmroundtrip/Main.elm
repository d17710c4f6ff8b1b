port module Main exposing (main)

{-| Decodes every input event with the generated decoder of its stream and
encodes it again with the generated encoder: the Elm half of the Go -> Elm
-> Go round trip tested by `TestElmRoundTrip`. The inputs come as flags, the
results go out through one port, one per input, in order.
-}

import Json.Decode as Decode
import Json.Encode as Encode
import Sse.Board
import Sse.Profile
import Sse.Ticker


port done : Encode.Value -> Cmd msg


type alias Input =
    { stream : String
    , event : String
    , data : String
    }


main : Program Decode.Value () Never
main =
    Platform.worker
        { init = \flags -> ( (), done (run flags) )
        , update = \_ model -> ( model, Cmd.none )
        , subscriptions = \_ -> Sub.none
        }


run : Decode.Value -> Encode.Value
run flags =
    case Decode.decodeValue (Decode.list input) flags of
        Ok inputs ->
            Encode.list roundTrip inputs

        Err error ->
            Encode.string ("bad flags: " ++ Decode.errorToString error)


input : Decode.Decoder Input
input =
    Decode.map3 Input
        (Decode.field "stream" Decode.string)
        (Decode.field "event" Decode.string)
        (Decode.field "data" Decode.string)


roundTrip : Input -> Encode.Value
roundTrip { stream, event, data } =
    let
        result =
            case stream of
                "board" ->
                    Decode.decodeString (Sse.Board.decoder event) data |> Result.map Sse.Board.encode

                "profile" ->
                    Decode.decodeString (Sse.Profile.decoder event) data |> Result.map Sse.Profile.encode

                "ticker" ->
                    Decode.decodeString (Sse.Ticker.decoder event) data |> Result.map Sse.Ticker.encode

                _ ->
                    Err (Decode.Failure ("no stream " ++ stream) Encode.null)
    in
    case result of
        Ok value ->
            Encode.object [ ( "json", Encode.string (Encode.encode 0 value) ) ]

        Err error ->
            Encode.object [ ( "error", Encode.string (Decode.errorToString error) ) ]
