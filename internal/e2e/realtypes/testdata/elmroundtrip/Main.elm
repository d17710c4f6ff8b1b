port module Main exposing (main)

{-| Decodes every input event with the generated decoder of its stream and
encodes it again with the generated encoder: the Elm half of the Go -> Elm
-> Go round trip tested by `TestElmRoundTrip`. The inputs come as flags, the
results go out through one port, one per input, in order.
-}

import Json.Decode as Decode
import Json.Encode as Encode
import Sse.Ledger
import Sse.Order


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
                "order" ->
                    Decode.decodeString (Sse.Order.decoder event) data |> Result.map Sse.Order.encode

                "ledger" ->
                    Decode.decodeString (Sse.Ledger.decoder event) data |> Result.map Sse.Ledger.encode

                _ ->
                    Err (Decode.Failure ("no stream " ++ stream) Encode.null)
    in
    case result of
        Ok value ->
            Encode.object [ ( "json", Encode.string (Encode.encode 0 value) ) ]

        Err error ->
            Encode.object [ ( "error", Encode.string (Decode.errorToString error) ) ]
