import { createApp } from 'vue';
import ImportsApp from './ImportsApp.vue';
import './imports.css';

createApp(ImportsApp).mount('#imports');
