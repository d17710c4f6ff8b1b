port module Api exposing (Request(..), onFailure, send)

{-| The board's actions. The app has no HTTP package, so it hands each
request to JavaScript (index.js), which sends it with fetch to the same
endpoints the htmx page uses. Results come back through the streams, as
for every other tab.
-}

import Json.Encode as Encode


{-| What a person can do on the board.
-}
type Request
    = AddTask String
    | ToggleTask Int
    | DeleteTask Int
    | Typing


port apiRequest : Encode.Value -> Cmd msg


port apiFailure : (String -> msg) -> Sub msg


{-| Reports a request the server refused or that could not be sent, with
the server's message (for example why a title was refused).
-}
onFailure : (String -> msg) -> Sub msg
onFailure =
    apiFailure


{-| Sends a request for the board as the given user.
-}
send : { board : String, user : String } -> Request -> Cmd msg
send who request =
    let
        base =
            "/boards/" ++ who.board ++ "/"

        ( method, path, fields ) =
            case request of
                AddTask title ->
                    ( "POST", "tasks", [ ( "title", title ) ] )

                ToggleTask id ->
                    ( "POST", "tasks/" ++ String.fromInt id ++ "/toggle", [] )

                DeleteTask id ->
                    ( "DELETE", "tasks/" ++ String.fromInt id, [] )

                Typing ->
                    ( "POST", "typing", [] )
    in
    apiRequest
        (Encode.object
            [ ( "method", Encode.string method )
            , ( "url", Encode.string (base ++ path) )
            , ( "form"
              , Encode.object
                    (List.map (\( k, v ) -> ( k, Encode.string v ))
                        (( "user", who.user ) :: fields)
                    )
              )
            ]
        )
