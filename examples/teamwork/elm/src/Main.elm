module Main exposing (main)

{-| The Teamwork board in Elm: the same board as the htmx page, fed by the
typed streams through the generated modules and the JS glue.
-}

import Api
import Browser
import Html exposing (Html)
import Html.Attributes as Attr
import Html.Events as Events
import Json.Decode as Decode
import Process
import Sse.Notification as Notification
import Sse.Ports as Ports
import Sse.Presence as Presence
import Sse.Task as TaskStream
import Sse.Types as Types
import Sse.Typing as Typing
import Task


main : Program Flags Model Msg
main =
    Browser.element
        { init = init
        , update = update
        , view = view
        , subscriptions = subscriptions
        }



-- MODEL


{-| The board to show and the name this tab acts under.
-}
type alias Flags =
    { board : String
    , user : String
    }


type alias Toast =
    { id : Int
    , message : String
    , level : Types.Level
    }


{-| Where this tab is in reporting its own typing. The server wants about one
notice per `typingEvery` while keys are pressed: the first keystroke is
reported at once and starts a cool-down; keystrokes during it are held, and
a cool-down that ends with keystrokes held reports them, so the last keys of
a burst are never dropped. Each cool-down has its round number, so that one
left over from an earlier burst cannot end a later one.
-}
type Typist
    = Quiet
    | CoolingDown { round : Int, held : Bool }


type alias Model =
    { board : String
    , user : String
    , tasks : List Types.Task
    , online : Int
    , typing : List String
    , toasts : List Toast
    , nextToast : Int
    , draft : String
    , typist : Typist
    , typingRound : Int
    , connection : String
    , error : Maybe String
    }


init : Flags -> ( Model, Cmd Msg )
init flags =
    ( { board = flags.board
      , user = flags.user
      , tasks = []
      , online = 0
      , typing = []
      , toasts = []
      , nextToast = 0
      , draft = ""
      , typist = Quiet
      , typingRound = 0
      , connection = "connecting…"
      , error = Nothing
      }
    , Ports.follow (channels flags.board)
    )


{-| Every channel of the board, on one connection. The server sends each
one's current state when it is first followed, so the board needs no
separate load.
-}
channels : String -> List Ports.Channel
channels board =
    [ TaskStream.channel board
    , Presence.channel board
    , Typing.channel board
    , Notification.channel board
    ]



-- UPDATE


type Msg
    = GotTask TaskStream.TaskStreamEvent
    | GotPresence Presence.PresenceStreamEvent
    | GotTyping Typing.TypingStreamEvent
    | GotNotification Notification.NotificationStreamEvent
    | GotProblem Ports.Problem
    | GotStatus Ports.Status
    | DraftChanged String
    | TypingCooledDown Int
    | Submitted
    | ToggleClicked Int
    | DeleteClicked Int
    | ToastExpired Int
    | RequestFailed String


{-| How long a toast stays, and how often keystrokes are reported.
-}
toastLife : Float
toastLife =
    4000


typingEvery : Float
typingEvery =
    300


update : Msg -> Model -> ( Model, Cmd Msg )
update msg model =
    case msg of
        GotTask event ->
            ( { model | tasks = applyTaskEvent event model.tasks }, Cmd.none )

        GotPresence (Presence.UsersOnline data) ->
            ( { model | online = data.count }, Cmd.none )

        GotTyping (Typing.UserTyping data) ->
            ( { model | typing = data.user :: List.filter ((/=) data.user) model.typing }, Cmd.none )

        GotTyping (Typing.UserStoppedTyping data) ->
            ( { model | typing = List.filter ((/=) data.user) model.typing }, Cmd.none )

        GotNotification (Notification.Notification data) ->
            let
                toast =
                    { id = model.nextToast, message = data.message, level = data.level }
            in
            ( { model | toasts = toast :: model.toasts, nextToast = model.nextToast + 1 }
            , Process.sleep toastLife |> Task.perform (\_ -> ToastExpired toast.id)
            )

        GotProblem (Ports.Resync _) ->
            -- The server follows a resync with the channel's whole state;
            -- only the typing list is rebuilt from scratch by it.
            ( { model | typing = [] }, Cmd.none )

        GotProblem (Ports.BadEvent bad) ->
            ( { model | error = Just ("Could not read a " ++ bad.event ++ " event: " ++ Decode.errorToString bad.error) }
            , Cmd.none
            )

        GotStatus status ->
            ( { model | connection = statusText status }, Cmd.none )

        DraftChanged draft ->
            if String.isEmpty draft then
                ( { model | draft = draft }, Cmd.none )

            else
                case model.typist of
                    Quiet ->
                        reportTyping { model | draft = draft }

                    CoolingDown cooling ->
                        ( { model | draft = draft, typist = CoolingDown { cooling | held = True } }, Cmd.none )

        TypingCooledDown round ->
            case model.typist of
                CoolingDown cooling ->
                    if cooling.round /= round then
                        ( model, Cmd.none )

                    else if cooling.held && not (String.isEmpty model.draft) then
                        reportTyping model

                    else
                        ( { model | typist = Quiet }, Cmd.none )

                Quiet ->
                    ( model, Cmd.none )

        Submitted ->
            if String.isEmpty (String.trim model.draft) then
                ( { model | error = Just "Cannot add this task: the title is empty." }, Cmd.none )

            else
                -- The server ends this user's typing with the task, so the
                -- next keystroke starts a new burst and is reported at once.
                ( { model | draft = "", error = Nothing, typist = Quiet }, request model (Api.AddTask model.draft) )

        ToggleClicked id ->
            ( model, request model (Api.ToggleTask id) )

        DeleteClicked id ->
            ( model, request model (Api.DeleteTask id) )

        ToastExpired id ->
            ( { model | toasts = List.filter (\t -> t.id /= id) model.toasts }, Cmd.none )

        RequestFailed message ->
            ( { model | error = Just message }, Cmd.none )


{-| Tells the server this user is typing and starts a cool-down.
-}
reportTyping : Model -> ( Model, Cmd Msg )
reportTyping model =
    let
        round =
            model.typingRound + 1
    in
    ( { model | typist = CoolingDown { round = round, held = False }, typingRound = round }
    , Cmd.batch
        [ request model Api.Typing
        , Process.sleep typingEvery |> Task.perform (\_ -> TypingCooledDown round)
        ]
    )


request : Model -> Api.Request -> Cmd Msg
request model =
    Api.send { board = model.board, user = model.user }


{-| Applies one event of the task stream. Adding is idempotent, so an
event that arrives again after a reconnect does not show a task twice.
-}
applyTaskEvent : TaskStream.TaskStreamEvent -> List Types.Task -> List Types.Task
applyTaskEvent event tasks =
    case event of
        TaskStream.TaskAdded data ->
            if List.any (\t -> t.id == data.task.id) tasks then
                tasks

            else
                tasks ++ [ data.task ]

        TaskStream.TaskToggled data ->
            List.map
                (\t ->
                    if t.id == data.taskId then
                        { t | done = data.done }

                    else
                        t
                )
                tasks

        TaskStream.TaskDeleted data ->
            List.filter (\t -> t.id /= data.taskId) tasks

        TaskStream.BoardSnapshot data ->
            data.tasks


statusText : Ports.Status -> String
statusText status =
    case status of
        Ports.Connected ->
            "live"

        Ports.Reconnecting ->
            "reconnecting…"

        Ports.Reconnected ->
            "live"

        Ports.Failed failure ->
            "disconnected: " ++ failure.message



-- SUBSCRIPTIONS


subscriptions : Model -> Sub Msg
subscriptions _ =
    Sub.batch
        [ TaskStream.subscribe GotTask GotProblem
        , Presence.subscribe GotPresence GotProblem
        , Typing.subscribe GotTyping GotProblem
        , Notification.subscribe GotNotification GotProblem
        , Ports.onStatus GotStatus
        , Api.onFailure RequestFailed
        ]



-- VIEW


view : Model -> Html Msg
view model =
    Html.main_ []
        [ Html.header []
            [ Html.h1 [] [ Html.text "Teamwork" ]
            , Html.span [ Attr.class "online", Attr.attribute "data-count" (String.fromInt model.online) ]
                [ Html.text (plural model.online "user" "users" ++ " online") ]
            , Html.span [ Attr.id "me" ] [ Html.text ("you are " ++ model.user ++ " · " ++ model.connection) ]
            ]
        , Html.form [ Attr.id "add-task", Events.onSubmit Submitted ]
            [ Html.input
                [ Attr.id "task-input"
                , Attr.placeholder "What needs to be done?"
                , Attr.value model.draft
                , Events.onInput DraftChanged
                ]
                []
            , Html.button [ Attr.type_ "submit" ] [ Html.text "Add task" ]
            ]
        , Html.p [ Attr.id "form-error" ] [ Html.text (Maybe.withDefault "" model.error) ]
        , Html.div [ Attr.id "typing" ] [ viewTyping model.typing ]
        , viewCounter model.tasks
        , Html.ul [ Attr.id "task-list", Attr.class "task-list" ] (List.map viewTask model.tasks)
        , Html.div [ Attr.id "toasts" ] (List.map viewToast model.toasts)
        ]


viewTyping : List String -> Html msg
viewTyping users =
    case users of
        [] ->
            Html.text ""

        [ one ] ->
            Html.span [ Attr.class "typing" ] [ Html.text (one ++ " is typing…") ]

        _ ->
            Html.span [ Attr.class "typing" ] [ Html.text (String.join ", " (List.sort users) ++ " are typing…") ]


viewCounter : List Types.Task -> Html msg
viewCounter tasks =
    let
        done =
            List.length (List.filter .done tasks)

        total =
            List.length tasks
    in
    Html.p [ Attr.id "task-counter", Attr.class "counter" ]
        [ Html.text (String.fromInt (total - done) ++ " remaining, " ++ String.fromInt done ++ " done, " ++ String.fromInt total ++ " total") ]


viewTask : Types.Task -> Html Msg
viewTask task =
    Html.li [ Attr.classList [ ( "task-item", True ), ( "done", task.done ) ] ]
        [ Html.span [ Attr.class "task-title" ] [ Html.text task.title ]
        , Html.span [ Attr.class "task-actions" ]
            [ Html.button [ Attr.class "toggle", Events.onClick (ToggleClicked task.id) ]
                [ Html.text
                    (if task.done then
                        "Undo"

                     else
                        "Done"
                    )
                ]
            , Html.button [ Attr.class "delete", Events.onClick (DeleteClicked task.id) ] [ Html.text "Delete" ]
            ]
        ]


viewToast : Toast -> Html msg
viewToast toast =
    Html.div [ Attr.class ("toast " ++ Types.levelToString toast.level) ] [ Html.text toast.message ]


plural : Int -> String -> String -> String
plural n one many =
    String.fromInt n
        ++ " "
        ++ (if n == 1 then
                one

            else
                many
           )
