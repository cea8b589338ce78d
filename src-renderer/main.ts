import { createPinia } from 'pinia'
import { createApp } from 'vue'
// Bundled, never fetched: Noto Sans covers the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І (cyrillic-ext) on every
// machine, whatever fonts its system has. Each file holds all subsets of one weight.
import '@fontsource/noto-sans/400.css'
import '@fontsource/noto-sans/700.css'
import App from './App.vue'
import { i18n, setLanguage } from './i18n'
import { router } from './router'
import './base/base.css'

setLanguage('kk')
createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
