package elm

// helper is a module-private Elm function that generated decoders and
// encoders call. Each module defines only the helpers it uses, so that
// modules stand alone and expose nothing but their types.
type helper struct {
	name string
	// src is the helper's declaration in elm-format's layout.
	src string
}

var (
	helperAndMap = helper{"andMap", `{-| Applies one more field decoder; unlike Decode.map8 it has no limit on
the number of fields.
-}
andMap : Decode.Decoder a -> Decode.Decoder (a -> b) -> Decode.Decoder b
andMap =
    Decode.map2 (|>)`}

	helperDecodeOptionalField = helper{"decodeOptionalField", `{-| Decodes a field that Go may leave out: Nothing when it is missing or
null, an error when it is there but malformed.
-}
decodeOptionalField : String -> Decode.Decoder a -> Decode.Decoder (Maybe a)
decodeOptionalField name inner =
    Decode.maybe (Decode.field name Decode.value)
        |> Decode.andThen
            (\found ->
                case found of
                    Just _ ->
                        Decode.field name (Decode.nullable inner)

                    Nothing ->
                        Decode.succeed Nothing
            )`}

	helperDecodeNullableList = helper{"decodeNullableList", `{-| Decodes a Go slice: a nil slice is null on the wire.
-}
decodeNullableList : Decode.Decoder a -> Decode.Decoder (List a)
decodeNullableList inner =
    Decode.oneOf [ Decode.null [], Decode.list inner ]`}

	helperDecodeNullableDict = helper{"decodeNullableDict", `{-| Decodes a Go map: a nil map is null on the wire.
-}
decodeNullableDict : Decode.Decoder a -> Decode.Decoder (Dict.Dict String a)
decodeNullableDict inner =
    Decode.oneOf [ Decode.null Dict.empty, Decode.dict inner ]`}

	helperDecodeNullableBytes = helper{"decodeNullableBytes", `{-| Decodes a Go byte slice, base64 text: a nil slice is null on the wire.
-}
decodeNullableBytes : Decode.Decoder String
decodeNullableBytes =
    Decode.oneOf [ Decode.null "", Decode.string ]`}

	helperDecodeQuoted = helper{"decodeQuoted", `{-| Decodes a value that encoding/json's ` + "`string`" + ` option wrapped in a string.
-}
decodeQuoted : Decode.Decoder a -> Decode.Decoder a
decodeQuoted inner =
    Decode.string
        |> Decode.andThen
            (\text ->
                case Decode.decodeString inner text of
                    Ok value ->
                        Decode.succeed value

                    Err error ->
                        Decode.fail (Decode.errorToString error)
            )`}

	helperWriteQuoted = helper{"writeQuoted", `{-| Encodes a value inside a string, as encoding/json's ` + "`string`" + ` option does.
-}
writeQuoted : (a -> Encode.Value) -> a -> Encode.Value
writeQuoted toValue value =
    Encode.string (Encode.encode 0 (toValue value))`}

	helperWriteInt64 = helper{"writeInt64", `{-| Encodes an Int that Go holds in 64 bits. An Elm Int is a double, so a
value within 1024 of Go's limits may have been rounded past them, and Go
would refuse the whole event; such a value is written as the nearest double
inside them.
-}
writeInt64 : Int -> Encode.Value
writeInt64 value =
    Encode.int (clamp (1024 - 2 ^ 63) (2 ^ 63 - 1024) value)`}

	helperWriteUint64 = helper{"writeUint64", `{-| Encodes an Int that Go holds in 64 bits without sign. An Elm Int is a
double, so a value within 2048 of 2^64 may have been rounded up to it, and
Go would refuse the whole event; such a value is written as the largest
double below it.
-}
writeUint64 : Int -> Encode.Value
writeUint64 value =
    Encode.int (min (2 ^ 64 - 2048) value)`}

	helperWriteNullable = helper{"writeNullable", `{-| Encodes Nothing as null, as Go writes a nil pointer.
-}
writeNullable : (a -> Encode.Value) -> Maybe a -> Encode.Value
writeNullable toValue maybe =
    case maybe of
        Just value ->
            toValue value

        Nothing ->
            Encode.null`}

	helperOptionalMember = helper{"optionalMember", `{-| An object member that is left out when Nothing, as Go leaves out an
empty omitempty or omitzero field.
-}
optionalMember : String -> (a -> Encode.Value) -> Maybe a -> Maybe ( String, Encode.Value )
optionalMember name toValue maybe =
    Maybe.map (\value -> ( name, toValue value )) maybe`}

	helperNonEmptyMember = helper{"nonEmptyMember", `{-| An object member that is left out when empty, as Go leaves out an empty
omitempty slice or map.
-}
nonEmptyMember : String -> (a -> Bool) -> (a -> Encode.Value) -> a -> Maybe ( String, Encode.Value )
nonEmptyMember name isEmpty toValue value =
    if isEmpty value then
        Nothing

    else
        Just ( name, toValue value )`}
)

// helperOrder is the order helpers appear in at the end of a module.
var helperOrder = []helper{
	helperAndMap, helperDecodeOptionalField, helperDecodeNullableList,
	helperDecodeNullableDict, helperDecodeNullableBytes, helperDecodeQuoted, helperWriteQuoted,
	helperWriteInt64, helperWriteUint64, helperWriteNullable, helperOptionalMember, helperNonEmptyMember,
}
