package sse

func broken( {
